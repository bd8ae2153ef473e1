package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// The S3 calls the suites need to store deployment packages, path-style (https://host/bucket/key), signed for
// the s3 service.

func (c *Client) s3(ctx context.Context, op, method, bucket, key string, query url.Values, body []byte) *Exchange {
	path := "/" + url.PathEscape(bucket)
	if key != "" {
		parts := strings.Split(key, "/")
		for i, p := range parts {
			parts[i] = url.PathEscape(p)
		}
		path += "/" + strings.Join(parts, "/")
	}
	h := http.Header{}
	if body != nil {
		h.Set("Content-Type", "application/octet-stream")
	}
	return c.Do(ctx, Request{Operation: op, Service: "s3", Method: method, Path: path, Query: query, Body: body, Header: h})
}

// CreateBucket creates a bucket in the client's region.
func (c *Client) CreateBucket(ctx context.Context, bucket string) *Exchange {
	return c.CreateBucketIn(ctx, bucket, c.region)
}

// CreateBucketIn creates a bucket in a region: with a LocationConstraint, except for us-east-1, which S3 takes
// as the absence of one.
func (c *Client) CreateBucketIn(ctx context.Context, bucket, region string) *Exchange {
	var body []byte
	if region != "us-east-1" && region != "" {
		body = []byte(`<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>` +
			region + `</LocationConstraint></CreateBucketConfiguration>`)
	}
	return c.s3(ctx, "CreateBucket", http.MethodPut, bucket, "", nil, body)
}

// EnableVersioning turns on object versioning for a bucket.
func (c *Client) EnableVersioning(ctx context.Context, bucket string) *Exchange {
	body := []byte(`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>`)
	return c.s3(ctx, "PutBucketVersioning", http.MethodPut, bucket, "", url.Values{"versioning": {""}}, body)
}

// PutObject stores an object; the answer's x-amz-version-id header holds its version on a versioned bucket.
func (c *Client) PutObject(ctx context.Context, bucket, key string, body []byte) *Exchange {
	return c.s3(ctx, "PutObject", http.MethodPut, bucket, key, nil, body)
}

// DeleteObject deletes an object, or one version of it when versionID is not empty.
func (c *Client) DeleteObject(ctx context.Context, bucket, key, versionID string) *Exchange {
	var q url.Values
	if versionID != "" {
		q = url.Values{"versionId": {versionID}}
	}
	return c.s3(ctx, "DeleteObject", http.MethodDelete, bucket, key, q, nil)
}

// DeleteBucket deletes an empty bucket.
func (c *Client) DeleteBucket(ctx context.Context, bucket string) *Exchange {
	return c.s3(ctx, "DeleteBucket", http.MethodDelete, bucket, "", nil, nil)
}
