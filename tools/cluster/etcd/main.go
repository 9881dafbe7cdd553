// etcd for the local control plane (scripts/cluster). go.etcd.io/etcd/server/v3 carries replace
// directives, so `go install` refuses it; this wrapper calls the same entry point as etcd's main.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
