//go:build tools

// Package k8sbins pins the Kubernetes control-plane binaries scripts/cluster builds. go.mod
// requires k8s.io/kubernetes and replaces every k8s.io staging module at the matching v0.x
// version (the list is kubernetes' own `./staging` replace lines): a dependency's replace lines
// are not inherited.
package k8sbins

import (
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	_ "k8s.io/kubernetes/cmd/kube-scheduler/app"
)
