package suites

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// The checks read FunctionConfigurations leniently: a member of the wrong type is read as well as it can be,
// because types are the contract checks' business; a target that sends CodeSize as a string must fail the
// CodeSize type rule, not every check that creates a function. Only a body that is not a JSON object is an
// error.

// decodeConfiguration reads a FunctionConfiguration body.
func decodeConfiguration(body []byte) (Configuration, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return Configuration{}, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	return configurationFrom(m), nil
}

// decodeMember reads the object under a member of a JSON body, such as GetFunction's Configuration.
func decodeMember(body []byte, member string) (Configuration, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return Configuration{}, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	inner, ok := m[member].(map[string]any)
	if !ok {
		return Configuration{}, fmt.Errorf("the body has no %s object", member)
	}
	return configurationFrom(inner), nil
}

// decodeList reads the objects of a list member, such as ListVersionsByFunction's Versions, and a string member
// such as NextMarker.
func decodeList(body []byte, member, marker string) ([]Configuration, string, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, "", fmt.Errorf("the body is not a JSON object: %v", err)
	}
	items, ok := m[member].([]any)
	if !ok && m[member] != nil {
		return nil, "", fmt.Errorf("%s is not a list", member)
	}
	out := make([]Configuration, 0, len(items))
	for _, it := range items {
		obj, _ := it.(map[string]any)
		out = append(out, configurationFrom(obj))
	}
	next, _ := m[marker].(string)
	return out, next, nil
}

func configurationFrom(m map[string]any) Configuration {
	s := func(k string) string {
		switch v := m[k].(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	n := func(k string) int64 {
		switch v := m[k].(type) {
		case float64:
			return int64(v)
		case string:
			i, _ := strconv.ParseInt(v, 10, 64)
			return i
		}
		return 0
	}
	return Configuration{
		FunctionName: s("FunctionName"), FunctionArn: s("FunctionArn"), Version: s("Version"), RevisionId: s("RevisionId"),
		CodeSha256: s("CodeSha256"), CodeSize: n("CodeSize"), Description: s("Description"), LastModified: s("LastModified"),
		Runtime: s("Runtime"), Handler: s("Handler"), Role: s("Role"), MemorySize: int(n("MemorySize")), Timeout: int(n("Timeout")),
		State: s("State"), StateReason: s("StateReason"), StateReasonCode: s("StateReasonCode"),
		LastUpdateStatus: s("LastUpdateStatus"), LastUpdateStatusReason: s("LastUpdateStatusReason"),
		LastUpdateStatusReasonCode: s("LastUpdateStatusReasonCode"),
	}
}
