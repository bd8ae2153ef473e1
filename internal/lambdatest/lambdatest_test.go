package lambdatest

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/lambdaconform/lambdaconform/client"
	"github.com/lambdaconform/lambdaconform/fixtures/deploypkg"
	"github.com/lambdaconform/lambdaconform/fixtures/reference"
)

// TestLeftovers: an empty target has none; a function created on it is named.
func TestLeftovers(t *testing.T) {
	srv := httptest.NewServer(reference.New(reference.Options{}))
	defer srv.Close()
	if left := Leftovers(t, srv.URL); len(left) != 0 {
		t.Fatalf("an empty target: %v", left)
	}
	AssertNoLeftovers(t, srv.URL, "nothing")
	c, _ := client.New(client.Config{Endpoint: srv.URL})
	ex := c.CreateFunction(context.Background(), map[string]any{"FunctionName": "left", "Runtime": "python3.12",
		"Role": "arn:aws:iam::123456789012:role/r", "Handler": "index.handler", "Code": map[string]any{"ZipFile": deploypkg.Handler("left")}})
	if ex.Status != 201 {
		t.Fatalf("CreateFunction: %s", ex.Outcome())
	}
	if left := Leftovers(t, srv.URL); !slices.Equal(left, []string{"left"}) {
		t.Errorf("leftovers %v, want [left]", left)
	}
}
