"""The `cloudrun` kind's compute model: `Environment(compute=CloudRunCompute(...))`. Pure pydantic."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from ...model.base import RadiusModel


class CloudRunCompute(RadiusModel):
    """An environment on Google Cloud Run: a service per container with Direct VPC egress."""

    kind: Literal["cloudrun"] = "cloudrun"
    """The compute kind; set by the class, given only in the dict spelling."""
    project: str
    """GCP project ID and region; every resource goes through an explicit gcp.Provider built
    from them, so ambient gcloud settings never decide where things land."""
    region: str
    """The Cloud Run region (`europe-west4`)."""
    project_number: Optional[str] = Field(default=None, pattern=r"^[0-9]+$")
    """The project's number, used for the deterministic service URL
    https://<service>-<number>.<region>.run.app that connections get before the target
    exists. Looked up with gcp.organizations.getProject when omitted."""
    network: Optional[str] = None
    """Direct VPC egress: an existing VPC network and subnet (names, in `project`, subnet in
    `region`), both or neither. Neither: `<env>-network` and `<env>-subnet` are created. A
    Shared VPC's are given by path: `projects/<host>/global/networks/<name>`."""
    subnet: Optional[str] = None
    """An existing subnetwork (name, or `projects/<host>/regions/<region>/subnetworks/<name>`
    with a Shared VPC network path) for Direct VPC egress, in `network`; None creates `<env>-subnet`."""
    subnet_cidr: str = "10.8.0.0/24"
    """The range of the subnet that is created when none is given."""
    retain_network: bool = True
    """Keep the created network and subnet in the project when the stack deletes them
    (Pulumi's retain_on_delete). Cloud Run holds a subnet's Direct VPC egress addresses for
    1-2 hours after its services are deleted, so deleting the subnet in the same
    `pulumi destroy` fails; retained, the destroy completes and the (free) network and subnet
    can be deleted by hand later, or reused with network=/subnet=. No effect on existing ones."""
    enable_apis: bool = False
    """Enable the Google APIs the environment uses (run, iam, secretmanager, compute, redis,
    cloudresourcemanager) as part of the stack. Off by default: enabling APIs needs
    serviceusage permissions that a deployer often does not have."""
