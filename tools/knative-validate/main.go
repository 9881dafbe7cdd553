// knative-validate runs Knative Serving's own defaulting and validation on manifests, as Knative's
// admission webhooks do when an object is created (knative.dev/serving v0.42.2, cmd/webhook):
// SetDefaults, then Validate, in a create context with the cluster's default configuration
// (config-defaults, config-features, config-autoscaler as shipped).
//
//	knative-validate FILE...    (or the documents on stdin)
//
// Input: YAML or JSON documents, one or more per file (`---` between YAML documents). Documents
// of kind serving.knative.dev/v1 Service and serving.knative.dev/v1beta1 DomainMapping are
// checked; any other kind is reported as skipped.
//
// Decoding is strict (an unknown field is an error): the API server prunes fields a CRD's
// schema does not name, so a field Knative does not know would silently not take effect.
//
// Output: one JSON object per line per document: {"index", "kind", "name", "skipped",
// "errors" (Knative's message, empty when valid), "defaulted" (the object after SetDefaults)}.
// Exit status: 0 every checked document is valid, 1 one is not, 2 the input cannot be read.
//
// Not done here: the webhook's pod-spec dry run (features.knative.dev/podspec-dryrun), which
// asks a live API server to admit the pod; and cluster-specific configuration maps.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/util/yaml"
	"knative.dev/pkg/apis"
	servingv1 "knative.dev/serving/pkg/apis/serving/v1"
	servingv1beta1 "knative.dev/serving/pkg/apis/serving/v1beta1"
)

type object interface {
	apis.Defaultable
	apis.Validatable
}

type result struct {
	Index     int         `json:"index"`
	Source    string      `json:"source"`
	Kind      string      `json:"kind"`
	Name      string      `json:"name"`
	Skipped   bool        `json:"skipped,omitempty"`
	Errors    string      `json:"errors"`
	Defaulted interface{} `json:"defaulted,omitempty"`
}

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
}

func newObject(apiVersion, kind string) object {
	switch {
	case apiVersion == "serving.knative.dev/v1" && kind == "Service":
		return &servingv1.Service{}
	case apiVersion == "serving.knative.dev/v1beta1" && kind == "DomainMapping":
		return &servingv1beta1.DomainMapping{}
	}
	return nil
}

// check defaults and validates one JSON document.
func check(doc []byte) (result, error) {
	var meta typeMeta
	if err := json.Unmarshal(doc, &meta); err != nil {
		return result{}, err
	}
	res := result{Kind: meta.APIVersion + "/" + meta.Kind, Name: meta.Metadata.Name}
	obj := newObject(meta.APIVersion, meta.Kind)
	if obj == nil {
		res.Skipped = true
		return res, nil
	}
	decoder := json.NewDecoder(bytes.NewReader(doc))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(obj); err != nil {
		res.Errors = "decoding: " + err.Error()
		return res, nil
	}
	// What the webhooks do on create: defaulting first, then validation of the defaulted object.
	ctx := apis.WithinCreate(context.Background())
	obj.SetDefaults(ctx)
	if fieldErrors := obj.Validate(ctx); fieldErrors != nil {
		// Warnings (apis.WarningLevel) do not refuse an object; errors do.
		if refusal := fieldErrors.Filter(apis.ErrorLevel); refusal != nil {
			res.Errors = refusal.Error()
		}
	}
	res.Defaulted = obj
	return res, nil
}

func run(name string, in io.Reader, out *json.Encoder, index *int) (bool, error) {
	valid := true
	reader := yaml.NewYAMLOrJSONDecoder(in, 4096)
	for {
		var raw json.RawMessage
		if err := reader.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				return valid, nil
			}
			return false, fmt.Errorf("%s: %w", name, err)
		}
		if len(bytes.TrimSpace(raw)) == 0 || string(raw) == "null" {
			continue
		}
		res, err := check(raw)
		if err != nil {
			return false, fmt.Errorf("%s: document %d: %w", name, *index, err)
		}
		res.Index, res.Source = *index, name
		*index++
		if res.Errors != "" {
			valid = false
		}
		if err := out.Encode(res); err != nil {
			return false, err
		}
	}
}

func main() {
	out := json.NewEncoder(os.Stdout)
	index, valid := 0, true
	files := os.Args[1:]
	if len(files) == 0 {
		files = []string{"-"}
	}
	for _, name := range files {
		var in io.Reader = os.Stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				fmt.Fprintln(os.Stderr, "knative-validate:", err)
				os.Exit(2)
			}
			defer f.Close()
			in = f
		}
		ok, err := run(name, in, out, &index)
		if err != nil {
			fmt.Fprintln(os.Stderr, "knative-validate:", err)
			os.Exit(2)
		}
		valid = valid && ok
	}
	if !valid {
		os.Exit(1)
	}
}
