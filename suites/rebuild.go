package suites

// resetRegistry forgets the checks of an earlier tree, so that the tree can be built again: the runner previews
// the tree (to list the checks, or to validate an expected-failures file against them) and then runs it in the
// same process. Configure calls it.
func resetRegistry() {
	registry.Lock()
	defer registry.Unlock()
	registry.checks, registry.ids = nil, nil
}
