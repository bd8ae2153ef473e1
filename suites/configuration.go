package suites

import (
	"encoding/json"
	"fmt"
)

// Configuration is the part of FunctionConfiguration the checks reason about. Each member carries whether the
// answer had it: absent, null and a value are different things (see Member).
//
// The checks read FunctionConfigurations leniently: a member of the wrong type is read as well as it can be,
// because types are the contract checks' business; a target that sends CodeSize as a string must fail the
// CodeSize type rule, not every check that creates a function. Only a body that is not a JSON object is an
// error.
type Configuration struct {
	FunctionName               Str
	FunctionArn                Str
	Version                    Str
	RevisionId                 Str
	CodeSha256                 Str
	CodeSize                   Int
	Description                Str
	LastModified               Str
	Runtime                    Str
	Handler                    Str
	Role                       Str
	MemorySize                 Int
	Timeout                    Int
	State                      Str
	StateReason                Str
	StateReasonCode            Str
	LastUpdateStatus           Str
	LastUpdateStatusReason     Str
	LastUpdateStatusReasonCode Str
}

// decodeConfiguration reads a FunctionConfiguration body.
func decodeConfiguration(body []byte) (Configuration, error) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		return Configuration{}, fmt.Errorf("the body is not a JSON object: %v", err)
	}
	if m == nil {
		return Configuration{}, fmt.Errorf("the body is null, not a JSON object")
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
	return Configuration{
		FunctionName: str(m, "FunctionName"), FunctionArn: str(m, "FunctionArn"), Version: str(m, "Version"),
		RevisionId: str(m, "RevisionId"), CodeSha256: str(m, "CodeSha256"), CodeSize: num(m, "CodeSize"),
		Description: str(m, "Description"), LastModified: str(m, "LastModified"), Runtime: str(m, "Runtime"),
		Handler: str(m, "Handler"), Role: str(m, "Role"), MemorySize: num(m, "MemorySize"), Timeout: num(m, "Timeout"),
		State: str(m, "State"), StateReason: str(m, "StateReason"), StateReasonCode: str(m, "StateReasonCode"),
		LastUpdateStatus: str(m, "LastUpdateStatus"), LastUpdateStatusReason: str(m, "LastUpdateStatusReason"),
		LastUpdateStatusReasonCode: str(m, "LastUpdateStatusReasonCode"),
	}
}

// unobservedConfiguration is the configuration of an answer that could not be used: every member unobserved.
func unobservedConfiguration(why string) Configuration {
	s, n := Unobserved[string](why), Unobserved[int64](why)
	return Configuration{FunctionName: s, FunctionArn: s, Version: s, RevisionId: s, CodeSha256: s, CodeSize: n,
		Description: s, LastModified: s, Runtime: s, Handler: s, Role: s, MemorySize: n, Timeout: n, State: s,
		StateReason: s, StateReasonCode: s, LastUpdateStatus: s, LastUpdateStatusReason: s, LastUpdateStatusReasonCode: s}
}

// errorMessage reads an error body's message, under "message" or "Message": absent when the body has neither,
// null when it says null.
func errorMessage(body []byte) Str {
	return errorMember(body, "message", "Message")
}

// errorBodyType is the "Type" member of an error body ("User" for errors the caller caused, §9.3).
func errorBodyType(body []byte) Str { return errorMember(body, "Type") }

// errorMember is the first of keys an error body holds: absent when it holds none or is not a JSON object.
func errorMember(body []byte, keys ...string) Str {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil {
		return Str{}
	}
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return str(m, k)
		}
	}
	return Str{}
}
