package scenario

import (
	"fmt"

	"github.com/lambdaconform/lambdaconform/client"
)

// The S3 steps store the packages the S3 scenarios take their code from. They are set-up: a refusal stops the
// scenario, and without an S3 endpoint (S3 off) every step of a scenario that needs S3 is unobserved.

const s3Off = "S3 is off (--s3-endpoint none)"

func s3Step(id, op string, required bool, do func(r *state, s3 *client.Client) *client.Exchange) Step {
	return Step{ID: id, run: func(r *state) error {
		if r.s.cfg.S3 == nil {
			r.unobserved("", s3Off)
			return nil
		}
		ex := do(r, r.s.cfg.S3)
		r.record("", "s3:"+op, ex, "")
		if required && !ex.OK(200) {
			return fmt.Errorf("%s was refused by the target's S3 at %s: %s", op, r.s.cfg.S3.Endpoint(), ex.Outcome())
		}
		return nil
	}}
}

// createBucket creates bucket i in the target's region (deleted, with its objects, when the scenario ends).
func createBucket(id string, i int) Step {
	return s3Step(id, "CreateBucket", true, func(r *state, s3 *client.Client) *client.Exchange {
		b := &bucket{name: r.bucketName(i), s3: s3}
		r.buckets = append(r.buckets, b)
		return s3.CreateBucket(r.ctx, b.name)
	})
}

// createBucketElsewhere creates bucket i in another region than the target's (OtherRegion), through the S3
// client of that region (Config.S3In: on AWS, only the region's own endpoint serves its buckets).
func createBucketElsewhere(id string, i int) Step {
	return s3Step(id, "CreateBucket", true, func(r *state, s3 *client.Client) *client.Exchange {
		region, _ := r.regionAccount()
		region = OtherRegion(region)
		if r.s.cfg.S3In != nil {
			s3 = r.s.cfg.S3In(region)
		}
		b := &bucket{name: r.bucketName(i), s3: s3}
		r.buckets = append(r.buckets, b)
		return s3.CreateBucketIn(r.ctx, b.name, region)
	})
}

// enableVersioning turns on versioning for bucket i; a refusal is recorded, and the steps that need a version
// become unobserved.
func enableVersioning(id string, i int) Step {
	return s3Step(id, "PutBucketVersioning", false, func(r *state, s3 *client.Client) *client.Exchange {
		return s3.EnableVersioning(r.ctx, r.bucketName(i))
	})
}

// putObject stores a package in bucket i under key.
func putObject(id string, i int, key, label string) Step {
	st := s3Step(id, "PutObject", true, func(r *state, s3 *client.Client) *client.Exchange {
		for _, b := range r.buckets {
			if b.name == r.bucketName(i) {
				ex := b.s3.PutObject(r.ctx, b.name, key, Package(label))
				b.objects = append(b.objects, [2]string{key, ex.Header.Get("X-Amz-Version-Id")})
				return ex
			}
		}
		return s3.PutObject(r.ctx, r.bucketName(i), key, Package(label))
	})
	st.packages = []string{label}
	return st
}

// needsS3 makes a Lambda step unobserved when S3 is off.
func needsS3(s Step) Step {
	run := s.run
	s.run = func(r *state) error {
		if r.s.cfg.S3 == nil {
			r.unobserved("", s3Off)
			return nil
		}
		return run(r)
	}
	return s
}
