package spec

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// functionConfiguration10KB is a realistic UpdateFunctionCode answer of about 10 KB: a function with many
// environment variables, five layers and a VPC, as AWS sends it today (members the 2019 pages do not list
// included, so that the seed-2019 profile skips them and aws-current checks them).
func functionConfiguration10KB(tb testing.TB) []byte {
	vars := map[string]string{}
	for i := 0; len(vars) < 127; i++ {
		vars[fmt.Sprintf("APP_SETTING_%03d", i)] = fmt.Sprintf("value-%03d/abcdefghijklmnopqrstuvwxyz-0123456789", i)
	}
	var layers []map[string]any
	for i := 1; i <= 5; i++ {
		layers = append(layers, map[string]any{
			"Arn": fmt.Sprintf("arn:aws:lambda:us-east-1:123456789012:layer:shared-layer-%d:%d", i, i*3), "CodeSize": 1024 * i,
		})
	}
	body := map[string]any{
		"FunctionName": "orders-service-handler", "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:orders-service-handler",
		"Runtime": "python3.7", "Role": "arn:aws:iam::123456789012:role/service-role/orders-service-role",
		"Handler": "app.handler", "CodeSize": 5242880, "Description": "Handles orders for the storefront",
		"Timeout": 30, "MemorySize": 1024, "LastModified": "2019-08-14T22:26:11.234+0000",
		"CodeSha256": "ddi1Y+zLNUWq4ff5AiSAbmEuQ1m0uzO6M8njpPIfNrA=", "Version": "$LATEST",
		"VpcConfig": map[string]any{"SubnetIds": []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
			"SecurityGroupIds": []string{"sg-0123456789abcdef0"}, "VpcId": "vpc-0123456789abcdef0"},
		"DeadLetterConfig": map[string]any{"TargetArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq"},
		"Environment":      map[string]any{"Variables": vars},
		"KMSKeyArn":        "arn:aws:kms:us-east-1:123456789012:key/0f7c6d2e-1111-4a4a-9b9b-0123456789ab",
		"TracingConfig":    map[string]any{"Mode": "Active"}, "RevisionId": "9a3fd1c4-4c4f-4b8e-8b52-7a0c3c1c2e11",
		"Layers": layers, "State": "Active", "LastUpdateStatus": "InProgress",
		"LastUpdateStatusReason": "The function is being created.", "LastUpdateStatusReasonCode": "Creating",
		"PackageType": "Zip", "Architectures": []string{"x86_64"}, "EphemeralStorage": map[string]any{"Size": 512},
		"SnapStart":     map[string]any{"ApplyOn": "None", "OptimizationStatus": "Off"},
		"LoggingConfig": map[string]any{"LogFormat": "Text", "LogGroup": "/aws/lambda/orders-service-handler"},
		"RuntimeVersionConfig": map[string]any{
			"RuntimeVersionArn": "arn:aws:lambda:us-east-1::runtime:0cdcfbdefbc5e7d3343f73c2e2dd3cba17d61dea0686b404502a0c9ce83931b9"},
	}
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkValidateResponse10KB measures the validation of a conformant 10 KB response, which takes the fast
// path. Target: under 200 µs per operation on a small machine.
func BenchmarkValidateResponse10KB(b *testing.B) {
	for _, profile := range Profiles() {
		b.Run(profile, func(b *testing.B) {
			benchValidate(b, profile)
		})
	}
}

// BenchmarkValidateResponse10KBFull measures the full kin-openapi validation of the same response: what a
// response with a violation costs.
func BenchmarkValidateResponse10KBFull(b *testing.B) {
	full := func(s *validateSettings) { s.fullOnly = true }
	for _, profile := range Profiles() {
		b.Run(profile, func(b *testing.B) {
			benchValidate(b, profile, full)
		})
	}
}

func benchValidate(b *testing.B, profile string, opts ...ValidateOption) {
	m := MustLoad(profile)
	body := functionConfiguration10KB(b)
	r := Response{Status: 200, Header: jsonHeader(), Body: body}
	if v, _ := m.ValidateResponse("UpdateFunctionCode", r, opts...); len(v) != 0 {
		b.Fatalf("the benchmark response does not conform: %v", v)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		v, _ := m.ValidateResponse("UpdateFunctionCode", r, opts...)
		if len(v) != 0 {
			b.Fatal(v)
		}
	}
}

// TestBenchmarkResponseSize keeps the benchmark honest about its size, and checks that its response takes the
// fast path, so the figure measures what conformant targets cost.
func TestBenchmarkResponseSize(t *testing.T) {
	body := functionConfiguration10KB(t)
	if n := len(body); n < 10*1024 || n > 11*1024 {
		t.Fatalf("the benchmark response is %d bytes, want about 10 KB", n)
	}
	for _, profile := range Profiles() {
		op := MustLoad(profile).Operation("UpdateFunctionCode")
		if !op.fastClean(Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}, false) {
			t.Errorf("%s: the benchmark response does not take the fast path", profile)
		}
	}
}
