"""What the Google Cloud provider computes for the resources the `cloudrun` kind and its recipes
register, for `radius_components.testing.RadiusMocks` (declared by `KindDeclaration.mocks`).

Fixed values, in the shape the provider returns, so snapshot tests stay deterministic."""

from __future__ import annotations

from typing import Any, Callable

from pulumi.runtime import mocks as pmocks

OutputsFn = Callable[[pmocks.MockResourceArgs], dict[str, Any]]
CallFn = Callable[[pmocks.MockCallArgs], dict[str, Any]]

# The project the mocks pretend to deploy to.
GCP_PROJECT_NUMBER = "123456789012"

# What the provider computes, per resource type token.
OUTPUTS: dict[str, OutputsFn] = {
    # A Volume's bucket (recipes/gcp/volume.py).
    "gcp:storage/bucket:Bucket": lambda a: {"url": f"gs://{a.inputs.get('name', a.name)}"},
    "gcp:serviceaccount/account:Account": lambda a: {
        "email": f"{a.inputs.get('accountId', a.name)}@{a.inputs.get('project', 'project')}.iam.gserviceaccount.com"},
    "gcp:secretmanager/secret:Secret": lambda a: {
        "secretId": a.inputs.get("secretId", a.name),
        "name": f"projects/{GCP_PROJECT_NUMBER}/secrets/{a.inputs.get('secretId', a.name)}"},
    "gcp:secretmanager/secretVersion:SecretVersion": lambda a: {"version": "1"},
    "gcp:cloudrunv2/service:Service": lambda a: {"uri": f"https://{a.inputs.get('name', a.name)}-x7y2kq3hza-ez.a.run.app"},
    "gcp:redis/instance:Instance": lambda a: {
        "host": "10.20.0.3", "port": 6378, "authString": "memorystore-auth-string-0000",
        "serverCaCerts": [{"cert": "-----BEGIN CERTIFICATE-----\nMIIDmock\n-----END CERTIFICATE-----\n",
                           "serialNumber": "0"}]},
    # The SqlDatabase recipe: a Cloud SQL instance's private IP, connection name and server CA.
    "gcp:sql/databaseInstance:DatabaseInstance": lambda a: {
        "privateIpAddress": "10.30.0.5",
        "connectionName": f"{a.inputs.get('project', 'project')}:{a.inputs.get('region', 'region')}:"
                          f"{a.inputs.get('name', a.name)}",
        "serverCaCerts": [{"cert": "-----BEGIN CERTIFICATE-----\nMIIDmock\n-----END CERTIFICATE-----\n",
                           "sha1Fingerprint": "ab"}]},
    # A rad.Gateway: the global external load balancer's reserved address.
    "gcp:compute/globalAddress:GlobalAddress": lambda a: {"address": "34.120.0.10"},
}

# What each provider function (invoke) returns, per function token.
CALLS: dict[str, CallFn] = {
    "gcp:organizations/getProject:getProject": lambda a: {"number": GCP_PROJECT_NUMBER,
                                                          "projectId": a.args.get("projectId")},
}
