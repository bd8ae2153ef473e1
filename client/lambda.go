package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/lambdaconform/lambdaconform/spec"
)

// The Lambda calls the suites make. Each takes the request body as a value to marshal (nil for none) and
// returns the Exchange; none of them interprets the answer.

const functionsPath = "/2015-03-31/functions"

func (c *Client) call(ctx context.Context, op, method, path string, query url.Values, body any) *Exchange {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return &Exchange{Operation: op, Method: method, URL: c.base.String() + path, Err: err}
		}
	}
	return c.Do(ctx, Request{Operation: op, Method: method, Path: path, Query: query, Body: data})
}

func functionPath(name string) string { return functionsPath + "/" + spec.EscapeFunctionName(name) }

func qualifierQuery(q string) url.Values {
	if q == "" {
		return nil
	}
	return url.Values{"Qualifier": {q}}
}

// CreateFunction sends CreateFunction.
func (c *Client) CreateFunction(ctx context.Context, body any) *Exchange {
	return c.call(ctx, "CreateFunction", http.MethodPost, functionsPath, nil, body)
}

// GetFunction sends GetFunction, with a Qualifier when q is not empty.
func (c *Client) GetFunction(ctx context.Context, name, q string) *Exchange {
	return c.call(ctx, "GetFunction", http.MethodGet, functionPath(name), qualifierQuery(q), nil)
}

// GetFunctionConfiguration sends GetFunctionConfiguration, with a Qualifier when q is not empty.
func (c *Client) GetFunctionConfiguration(ctx context.Context, name, q string) *Exchange {
	return c.call(ctx, "GetFunctionConfiguration", http.MethodGet, functionPath(name)+"/configuration", qualifierQuery(q), nil)
}

// UpdateFunctionCode sends UpdateFunctionCode.
func (c *Client) UpdateFunctionCode(ctx context.Context, name string, body any) *Exchange {
	return c.call(ctx, "UpdateFunctionCode", http.MethodPut, functionPath(name)+"/code", nil, body)
}

// UpdateFunctionConfiguration sends UpdateFunctionConfiguration.
func (c *Client) UpdateFunctionConfiguration(ctx context.Context, name string, body any) *Exchange {
	return c.call(ctx, "UpdateFunctionConfiguration", http.MethodPut, functionPath(name)+"/configuration", nil, body)
}

// PublishVersion sends PublishVersion.
func (c *Client) PublishVersion(ctx context.Context, name string, body any) *Exchange {
	return c.call(ctx, "PublishVersion", http.MethodPost, functionPath(name)+"/versions", nil, body)
}

// ListVersionsByFunction sends ListVersionsByFunction, from marker when it is not empty.
func (c *Client) ListVersionsByFunction(ctx context.Context, name, marker string) *Exchange {
	var q url.Values
	if marker != "" {
		q = url.Values{"Marker": {marker}}
	}
	return c.call(ctx, "ListVersionsByFunction", http.MethodGet, functionPath(name)+"/versions", q, nil)
}

// DeleteFunction sends DeleteFunction, with a Qualifier when q is not empty.
func (c *Client) DeleteFunction(ctx context.Context, name, q string) *Exchange {
	return c.call(ctx, "DeleteFunction", http.MethodDelete, functionPath(name), qualifierQuery(q), nil)
}

// ListFunctions sends ListFunctions (one page); the runner uses it to see whether a target answers.
func (c *Client) ListFunctions(ctx context.Context) *Exchange {
	return c.call(ctx, "ListFunctions", http.MethodGet, functionsPath+"/", url.Values{"MaxItems": {"1"}}, nil)
}

// CreateAlias sends CreateAlias: an alias of the function that points to a version.
func (c *Client) CreateAlias(ctx context.Context, name string, body any) *Exchange {
	return c.call(ctx, "CreateAlias", http.MethodPost, functionPath(name)+"/aliases", nil, body)
}

// GetAlias sends GetAlias.
func (c *Client) GetAlias(ctx context.Context, name, alias string) *Exchange {
	return c.call(ctx, "GetAlias", http.MethodGet, functionPath(name)+"/aliases/"+url.PathEscape(alias), nil, nil)
}

// DeleteAlias sends DeleteAlias.
func (c *Client) DeleteAlias(ctx context.Context, name, alias string) *Exchange {
	return c.call(ctx, "DeleteAlias", http.MethodDelete, functionPath(name)+"/aliases/"+url.PathEscape(alias), nil, nil)
}
