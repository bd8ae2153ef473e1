package suites

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/lambdaconform/lambdaconform/client"
)

// Versions beyond the first publish after a create (docs/aws-behavior.md §4.2, §4.6, §6.5, §6.6, §8): a publish
// consumes the change an update made, a dry run is no change, numbers past 9 compare as integers, and every
// version becomes Active.
var _ = Describe("semantics: versions after updates, past 9, and becoming Active", func() {
	publishUnchangedAfterUpdate()
	dryRunNotAChange()
	pastVersionNine()
	versionBecomesActive()
	publishedVersionBecomesActive()
})

func publishUnchangedAfterUpdate() {
	const rule = "behavior.publish.unchanged-after-update"
	check(Meta{
		ID: "semantics.PublishVersion.unchanged-after-update", Operation: "PublishVersion", Family: Semantics,
		Title: "after UpdateFunctionCode and a PublishVersion, a second PublishVersion returns the same version",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		c.UpdateOK(rule, f, ZipBody(OtherPackage(f, "2")))
		first, _ := c.PublishOK(rule, f, nil)
		second, ex := c.PublishOK(rule, f, nil)
		c.That(rule, ex, "Version of the second publish", second.Version).To(gomega.Equal(first.Version))
		c.That(rule, ex, "FunctionArn of the second publish", second.FunctionArn).To(gomega.Equal(first.FunctionArn))
		c.That(rule, ex, "RevisionId of the second publish", second.RevisionId).To(gomega.Equal(first.RevisionId))
		c.That(rule, ex, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]Str{Value("$LATEST"), first.Version}))
	})
}

func dryRunNotAChange() {
	const rule = "behavior.dryrun.not-a-change"
	const typ = "UpdateFunctionCode.request.DryRun.type"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.dry-run-not-a-change", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "a DryRun update is no change: a PublishVersion after it returns the latest version",
		Rules: []string{rule, typ},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		first, _ := c.PublishOK(rule, f, nil)
		ex := c.UpdateCode(f.Name, map[string]any{"ZipFile": OtherPackage(f, "dry"), "DryRun": true})
		c.Status(typ, ex, 200)
		c.Config(typ, ex)
		c.WaitUpdated(f) // a target that started an update anyway must not meet 409 in the publish
		again, pub := c.PublishOK(rule, f, nil)
		c.That(rule, pub, "Version of the publish after a dry run", again.Version).To(gomega.Equal(first.Version))
		c.That(rule, pub, "RevisionId of the publish after a dry run", again.RevisionId).To(gomega.Equal(first.RevisionId))
		c.That(rule, pub, "versions listed", VersionNumbers(c.Versions(f))).To(gomega.Equal([]Str{Value("$LATEST"), first.Version}))
	})
}

// pastNine is how many versions the checks past version 9 publish.
const pastNine = 11

// manyVersions is what the checks past version 9 share: a function published pastNine times, each time after a
// configuration update but the first. The publishes are judged by the checks, not where they are made.
type manyVersions struct {
	f        *Function
	publish  []*client.Exchange
	setupErr string
}

// publishMany publishes a new function pastNine times; it stops at the first publish that is refused (a wrong
// 2xx is not a refusal: the checks judge it and go on).
func publishMany(c *Check) manyVersions {
	m := manyVersions{f: c.NewFunction(FunctionOptions{Description: "version 1"})}
	for i := 1; i <= pastNine; i++ {
		if i > 1 {
			c.Reconfigure(m.f, map[string]any{"Description": fmt.Sprint("version ", i)})
		}
		ex := c.Publish(m.f.Name, nil)
		m.publish = append(m.publish, ex)
		if ex.Err != nil || ex.Status < 200 || ex.Status > 299 {
			break
		}
	}
	return m
}

// versions judges the shared publishes on behalf of rule and returns the version each created, in order.
func (m *manyVersions) versions(c *Check, rule string) []Str {
	if m.setupErr != "" || m.f == nil {
		c.SetupError("publishing %d versions failed: %s", pastNine, m.setupErr)
	}
	var out []Str
	for _, ex := range m.publish {
		c.record(ex)
		c.Status(rule, ex, 201)
		cfg, _ := c.Config(rule, ex)
		out = append(out, cfg.Version)
	}
	return out
}

// pastVersionNine registers the checks past version 9, which share one function and its eleven versions.
func pastVersionNine() {
	Describe("past version 9", Ordered, ContinueOnFailure, func() {
		var many manyVersions
		BeforeAll(func(ctx SpecContext) {
			c := newCheck(ctx, Meta{ID: "semantics.PublishVersion.publish-eleven", Operation: "PublishVersion", Family: Semantics})
			defer func() { many.setupErr = c.setupErr }()
			many = publishMany(c)
		})
		versionsPastNine(&many)
		versionsListedPastNine(&many)
	})
}

func versionsPastNine(many *manyVersions) {
	const rule = "behavior.version.sequential"
	check(Meta{
		ID: "semantics.PublishVersion.versions-past-nine", Operation: "PublishVersion", Family: Semantics,
		Title: "eleven versions are numbered 1 to 11: \"10\" follows \"9\"",
		Rules: []string{rule}, group: "semantics.PublishVersion.past-nine",
	}, func(c *Check) {
		versions := many.versions(c, rule)
		want := make([]string, pastNine)
		for i := range want {
			want[i] = strconv.Itoa(i + 1)
		}
		c.That(rule, many.publish[len(many.publish)-1], "versions in creation order", versions).To(gomega.Equal(want))
	})
}

func versionsListedPastNine(many *manyVersions) {
	const rule = "behavior.version.listed-numerically"
	check(Meta{
		ID: "semantics.PublishVersion.versions-listed-past-nine", Operation: "PublishVersion", Family: Semantics,
		Title: "ListVersionsByFunction lists eleven versions in numeric order: \"9\" before \"10\"",
		Rules: []string{rule}, group: "semantics.PublishVersion.past-nine",
	}, func(c *Check) {
		last := many.publish[len(many.publish)-1]
		var versions []string
		for i, m := range many.versions(c, rule) {
			v, ok := Need(c, rule, many.publish[i], fmt.Sprintf("Version of publish %d, which the listing must show", i+1), m)
			if !ok {
				return
			}
			versions = append(versions, v)
		}
		want := append([]string{"$LATEST"}, numericOrder(versions)...)
		c.That(rule, last, "versions listed", VersionNumbers(c.Versions(many.f))).To(gomega.Equal(want))
	})
}

// numericOrder sorts version numbers as integers; anything else sorts after them, as text.
func numericOrder(versions []string) []string {
	out := slices.Clone(versions)
	slices.SortStableFunc(out, func(a, b string) int {
		x, errA := strconv.Atoi(a)
		y, errB := strconv.Atoi(b)
		switch {
		case errA == nil && errB == nil:
			return x - y
		case errA == nil:
			return -1
		case errB == nil:
			return 1
		}
		return 0
	})
	return out
}

func versionBecomesActive() {
	const rule = "behavior.version.becomes-active"
	check(Meta{
		ID: "semantics.PublishVersion.version-becomes-active", Operation: "PublishVersion", Family: Semantics,
		Title: "a version PublishVersion created becomes Active (the PublishedVersionActive waiter returns)",
		Rules: []string{rule},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		v, ex := c.PublishOK(rule, f, nil)
		waitNewVersion(c, rule, f, ex, v)
	})
}

func publishedVersionBecomesActive() {
	const rule = "behavior.version.becomes-active"
	const typ = "UpdateFunctionCode.request.Publish.type"
	check(Meta{
		ID: "semantics.UpdateFunctionCode.published-version-becomes-active", Operation: "UpdateFunctionCode", Family: Semantics,
		Title: "a version UpdateFunctionCode(Publish=true) created becomes Active (the PublishedVersionActive waiter returns)",
		Rules: []string{rule, typ},
	}, func(c *Check) {
		f := c.NewFunction(FunctionOptions{})
		body := ZipBody(OtherPackage(f, "published"))
		body["Publish"] = true
		ex := c.UpdateCode(f.Name, body)
		c.Status(typ, ex, 200)
		v, _ := c.Config(rule, ex)
		waitNewVersion(c, rule, f, ex, v)
	})
}

// waitNewVersion waits for the version an answer describes to become Active, when the answer names one.
func waitNewVersion(c *Check, rule string, f *Function, ex *client.Exchange, v Configuration) {
	version, ok := Need(c, rule, ex, "Version of the new version, which the waiter reads", v.Version)
	if ok && c.That(rule, ex, "Version of the new version", version).To(gomega.MatchRegexp(`^[0-9]+$`)) {
		c.WaitVersionActive(rule, f, version)
	}
}

// WaitVersionActive waits, like AWS's PublishedVersionActive waiter, until GetFunctionConfiguration with the
// version as Qualifier shows State Active; it fails on behalf of rule when the version is Failed, cannot be read,
// or is still not Active after the configured update timeout (botocore 1.43.11's waiter polls every 5 s,
// 312 times).
func (c *Check) WaitVersionActive(rule string, f *Function, version string) Configuration {
	deadline := time.Now().Add(c.run.cfg.UpdateTimeout)
	delay := 5 * time.Millisecond
	for {
		ex := c.run.client.GetFunctionConfiguration(c.ctx, f.Name, version)
		if ex.Err != nil && c.ctx.Err() != nil {
			c.SetupError("interrupted while waiting for version %s of %s to become Active", version, f.Name)
		}
		if ex.Err != nil || ex.Status != 200 {
			c.polled(ex)
			if c.Answered(rule, ex) {
				c.Fail(rule, ex, fmt.Sprintf("GetFunctionConfiguration of version %s", version),
					"the waiter's read of the version was refused: "+ex.Outcome())
			}
			return unobservedConfiguration("the waiter's read of the version failed")
		}
		cfg, err := decodeConfiguration(ex.Body)
		if err != nil {
			c.polled(ex)
			c.Fail(rule, ex, fmt.Sprintf("GetFunctionConfiguration of version %s", version), err.Error())
			return unobservedConfiguration("the waiter's read of the version failed")
		}
		switch {
		case cfg.State.Is("Active"):
			c.polled(ex)
			c.assert(rule)
			return cfg
		case cfg.State.Is("Failed"):
			c.polled(ex)
			c.Fail(rule, ex, fmt.Sprintf("State of version %s", version), "the version Failed: "+cfg.StateReason.String())
			return cfg
		case time.Now().After(deadline):
			c.polled(ex)
			c.Fail(rule, ex, fmt.Sprintf("State of version %s", version), fmt.Sprintf(
				"Expected Active within %s (the update timeout)\n  got %s, still", c.run.cfg.UpdateTimeout, cfg.State))
			return cfg
		}
		select {
		case <-c.ctx.Done():
			c.SetupError("interrupted while waiting for version %s of %s to become Active", version, f.Name)
		case <-time.After(delay):
		}
		delay = min(delay*2, time.Second)
	}
}
