package client

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// LambdaTrustPolicy lets Lambda assume a role: the trust policy of an execution role.
const LambdaTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// EnsureRole creates an IAM role through IAM's query API at the target's endpoint, as emulators such as moto
// serve it beside Lambda, and returns its ARN; a role of that name that already exists is read back instead.
func (c *Client) EnsureRole(ctx context.Context, name, trustPolicy string) (string, error) {
	ex := c.iam(ctx, url.Values{"Action": {"CreateRole"}, "RoleName": {name}, "AssumeRolePolicyDocument": {trustPolicy}})
	if ex.Err != nil {
		return "", fmt.Errorf("creating the execution role: %w", ex.Err)
	}
	if ex.Status == http.StatusConflict || strings.Contains(string(ex.Body), "EntityAlreadyExists") {
		ex = c.iam(ctx, url.Values{"Action": {"GetRole"}, "RoleName": {name}})
		if ex.Err != nil || ex.Status != http.StatusOK {
			return "", fmt.Errorf("reading the existing execution role: %s", ex.Outcome())
		}
		return roleARN(ex.Body)
	}
	if ex.Status != http.StatusOK {
		return "", fmt.Errorf("creating the execution role: IAM answered %d: %.300s", ex.Status, ex.Body)
	}
	return roleARN(ex.Body)
}

// iam sends one call of IAM's query API (version 2010-05-08), signed for iam.
func (c *Client) iam(ctx context.Context, form url.Values) *Exchange {
	form.Set("Version", "2010-05-08")
	return c.Do(ctx, Request{Operation: "iam:" + form.Get("Action"), Service: "iam", Method: http.MethodPost, Path: "/",
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte(form.Encode())})
}

// roleARN reads <Arn> from an IAM CreateRole or GetRole answer.
func roleARN(body []byte) (string, error) {
	var doc struct {
		Arn string `xml:"CreateRoleResult>Role>Arn"`
		Get string `xml:"GetRoleResult>Role>Arn"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		return "", fmt.Errorf("reading the role ARN from IAM's answer: %v", err)
	}
	if doc.Arn == "" {
		doc.Arn = doc.Get
	}
	if doc.Arn == "" {
		return "", fmt.Errorf("IAM's answer holds no role ARN: %.300s", body)
	}
	return doc.Arn, nil
}
