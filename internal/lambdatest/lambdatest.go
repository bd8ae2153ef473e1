// Package lambdatest asks a Lambda endpoint what it holds, for the tests that prove that a run, a replay or an
// interrupted command left no function behind.
package lambdatest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/lambdaconform/lambdaconform/client"
)

// Leftovers returns the names of the functions the target at endpoint holds: the first page of ListFunctions,
// signed (moto routes by the signature), which names some whenever there are any.
func Leftovers(t testing.TB, endpoint string) []string {
	t.Helper()
	c, err := client.New(client.Config{Endpoint: endpoint, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ex := c.Do(context.Background(), client.Request{Operation: "ListFunctions", Method: http.MethodGet, Path: "/2015-03-31/functions/"})
	var list struct {
		Functions []struct{ FunctionName string }
	}
	if ex.Err != nil || ex.Status != http.StatusOK || json.Unmarshal(ex.Body, &list) != nil {
		t.Fatalf("listing the functions at %s: %s", endpoint, ex.Outcome())
	}
	names := []string{}
	for _, f := range list.Functions {
		names = append(names, f.FunctionName)
	}
	return names
}

// AssertNoLeftovers fails t when the target at endpoint holds a function; who says what would have left it.
func AssertNoLeftovers(t testing.TB, endpoint, who string) {
	t.Helper()
	if left := Leftovers(t, endpoint); len(left) > 0 {
		t.Errorf("%s left %d functions behind: %v", who, len(left), left)
	}
}
