// radius-sdkgen: validate a Pulumi package schema and generate SDKs from it, with the codegen of
// github.com/pulumi/pulumi/pkg/v3 (the code the language plugins run for `pulumi package gen-sdk`).
//
//	radius-sdkgen SCHEMA.json OUTDIR [nodejs|go|python]...
//
// Why it exists: `pulumi package gen-sdk` hands code generation to the language plugin
// (pulumi-language-nodejs, ...), and the Go module proxy refuses
// github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 (403), so the engine built
// here has no such plugin. schema.BindSpec is the CLI's full validation (metaschema + binding);
// nodejs.GeneratePackage is what pulumi-language-nodejs's GeneratePackage calls.
//
// Its own module, at the CLI's pkg/v3 version (v3.274.1), not pulumi-yaml's (v3.206.0): built with
// Go >= 1.26, v3.206.0's TypeScript generator writes `./types/input` instead of `../types/input`
// into types/*.ts (`getRelativePath` applies path.Dir to filepath.Rel's result, which Go 1.26 now
// cleans; v3.274.1 fixed it), and the generated SDK does not compile. C# (codegen/dotnet) is no
// longer in pkg/v3, and Java's generator is pulumi-java's: neither is generated here.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "radius-sdkgen"

// noPackages is the loader BindSpec requires: the radius schema refers to no other package, so
// loading one is an error (the CLI's loader would start that package's plugin).
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; radius-sdkgen loads no other package", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "radius-sdkgen: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: radius-sdkgen SCHEMA.json OUTDIR [nodejs|go|python]...")
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		fail("%s is not a package schema: %v", os.Args[1], err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	for _, d := range diags {
		fmt.Fprintln(os.Stderr, d.Error())
	}
	if err != nil {
		fail("binding the schema: %v", err)
	}
	if diags.HasErrors() {
		fail("the schema is invalid (%d diagnostics)", len(diags))
	}
	for _, language := range os.Args[3:] {
		var files map[string][]byte
		switch language {
		case "nodejs":
			files, err = nodejs.GeneratePackage(tool, pkg, nil, nil, false, nil)
		case "go":
			files, err = gogen.GeneratePackage(tool, pkg, nil)
		case "python":
			files, err = python.GeneratePackage(tool, pkg, nil, nil)
		default:
			fail("unknown language %q", language)
		}
		if err != nil {
			fail("generating the %s SDK: %v", language, err)
		}
		for name, content := range files {
			path := filepath.Join(os.Args[2], language, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				fail("%v", err)
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				fail("%v", err)
			}
		}
		fmt.Printf("%s: %d files\n", language, len(files))
	}
}
