// The pulumi-kubernetes provider binary: the same program as upstream's
// provider/cmd/pulumi-resource-kubernetes/main.go (Apache-2.0). Upstream's Makefile writes
// schema-embed.json and terraform-mapping-embed.json next to it (go:generate); scripts/engine
// writes them from the provider module's schema.json / terraform-mapping.json before building.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
