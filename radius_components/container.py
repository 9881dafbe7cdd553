"""`Container`: a Radius container, rendered by the environment's platform."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Mapping, Optional, Sequence, Union

import pulumi

from .claims import Claim, claim_names
from .component import RadiusComponent

from .application import Application
from .arguments import parse_component_arguments
from .connections import ConnectionValue, EnvPlan, plan_environment
from .short_names import warn_unresolved_short_names
from .declarations import declared_kinds
from .errors import RadiusValidationError, collect, raise_all
from .expansion import ExpandsWithTheApplication, deferred_output
from .model import ContainerArgs
from .platforms import Endpoint, Workload
from .routing import check_routed_container
from .runtime_blocks import runtime_block_errors
from .program import collecting_checks, records_errors
from .resources.volume.mounts import mount_errors

if TYPE_CHECKING:  # pragma: no cover
    from .model import AutoScaling, Connection, ContainerSpec, DaprSidecar, KubernetesMetadata, ManualScaling, Runtimes
    from .model.typed import ConnectionDict, ContainerSpecDict, ExtensionDict, RuntimesDict

# The outputs every kind gives a Container (the platform adds its own, see `Container`).
COMMON_OUTPUTS = ("workload_name", "identity", "internal_url", "internal_hostname", "internal_port")


class _ContainerAttributes:
    """What a Container has (its outputs, read as attributes), declared for type checkers.

    Declared on a base class, not on Container itself: Pulumi evaluates the annotations a
    resource's own class declares each time one registers (to type the outputs the engine
    returns, which for a component are none), and for these that cost more than the rest of
    registering a Container.
    """

    workload_name: pulumi.Output[str]
    identity: pulumi.Output[str]
    internal_url: pulumi.Output[Optional[str]]
    internal_hostname: pulumi.Output[Optional[str]]
    internal_port: pulumi.Output[Optional[int]]
    args: ContainerArgs

    # The outputs the kinds declare for a Container (KindDeclaration.outputs, component
    # "Container"); reading one on a kind that does not set it raises AttributeError.
    # tests/features/test_kind_declarations.py keeps this list and the declarations equal.
    namespace: pulumi.Output[str]
    service_account_name: pulumi.Output[str]
    service_name: pulumi.Output[str]
    resource_group_name: pulumi.Output[str]
    identity_id: pulumi.Output[str]
    identity_principal_id: pulumi.Output[str]
    identity_client_id: pulumi.Output[str]
    container_group_name: pulumi.Output[str]
    ngroup_name: pulumi.Output[str]
    load_balancer_name: pulumi.Output[str]
    private_ip_address: pulumi.Output[str]
    container_app_id: pulumi.Output[str]
    container_app_name: pulumi.Output[str]
    fqdn: pulumi.Output[str]
    latest_revision_name: pulumi.Output[str]
    cluster_arn: pulumi.Output[str]
    task_role_arn: pulumi.Output[str]
    execution_role_arn: pulumi.Output[str]
    task_definition_arn: pulumi.Output[str]
    security_group_id: pulumi.Output[str]
    discovery_service_arn: pulumi.Output[str]
    log_group_name: pulumi.Output[str]
    project: pulumi.Output[str]
    region: pulumi.Output[str]
    service_account_email: pulumi.Output[str]
    uri: pulumi.Output[str]


class Container(ExpandsWithTheApplication, RadiusComponent, _ContainerAttributes):
    """A container and everything it needs on the environment's platform.

    :param name: the Pulumi name, unique per component type in the stack; platform names
        are `<application>-<name>`.
    :param application: the `Application` the container belongs to.
    :param container: Radius's container schema: a `ContainerSpec`, or a dict
        (`ContainerSpecDict`: `image`, `command`, `args`, `env`, `ports`, probes,
        `resources`, `volumes`, ...) in snake_case or Radius's camelCase.
    :param connections: `{name: {"source": RedisCache | Container | "scheme://host:port"}}`;
        each sets `CONNECTION_<NAME>_<PROPERTY>` variables, secrets through the platform's
        secret store, and grants the container's identity what the connection needs
        (`iam.roles` adds grants in the kind's vocabulary).
    :param extensions: `manualScaling` (`replicas`), `autoScaling` (`min_replicas`,
        `max_replicas`, `metrics`), `kubernetesMetadata` (`labels`,
        `annotations`), `daprSidecar` (`app_id`, `app_port`, `protocol`).
    :param runtimes: per-kind punch-through (`{"kubernetes": {...}, "ecs": {...}}`); the
        environment's kind applies its own block, and every block is checked against its
        kind's schema whatever the kind.
    :param restart_policy: `Always` (default), `OnFailure` or `Never` (only `aci` runs the
        latter two).
    :param opts: Pulumi resource options.

    Outputs, on every kind: `workload_name`, `identity` (the identity its grants go to:
    a ServiceAccount name, a managed identity ID, a task role ARN, a service account
    email), `internal_url`, `internal_hostname`, `internal_port` (how other containers reach
    it; None without ports). Each kind adds its own (`KindDeclaration.outputs`, in
    `platforms/<kind>/kind.py`: `task_role_arn` on ecs, `uri` on cloudrun, ...), annotated
    on `_ContainerAttributes` above and read as attributes (all `pulumi.Output`s;
    `output_names` lists those of this container).
    `workload` is the native workload resource (a Deployment, a container group, ...), there once
    the program body has run (the native resources come once the whole application is declared).
    """

    resource_type = "Applications.Core/containers"

    @records_errors
    def __init__(
        self,
        name: str,
        application: Application,
        container: Union["ContainerSpec", "ContainerSpecDict"],
        connections: Optional[Mapping[str, Union["Connection", "ConnectionDict"]]] = None,
        extensions: Optional[Sequence[Union["ManualScaling", "AutoScaling", "KubernetesMetadata", "DaprSidecar", "ExtensionDict"]]] = None,
        runtimes: Optional[Union["Runtimes", "RuntimesDict"]] = None,
        restart_policy: Literal["Always", "OnFailure", "Never"] = "Always",
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        label = f"Container '{name}'"
        # Checks on Output values (a Pulumi secret where a platform stores plain text) made while
        # parsing and planning: the container registers only once they pass.
        with collecting_checks() as output_checks:
            args, plan = self._parse_and_plan(label, application, container, connections, extensions, runtimes,
                                              restart_policy)
        environment = application.environment
        platform = environment.platform
        # Every runtimes.<kind> block is checked against its kind's schema, not only the
        # deployed kind's: a typo in runtimes.ecs is an error on kubernetes too. Reported
        # together with the deployed kind's own errors.
        errors = runtime_block_errors(label, args, skip=environment.kind)
        errors += mount_errors(label, application, args)
        errors += collect(lambda: platform.validate_container(label, application, name, args, plan))
        raise_all(errors)

        self.resource_name = name
        self.application = application
        self.args = args
        self.plan: EnvPlan = plan
        self.endpoint: Optional[Endpoint] = platform.container_endpoint(application, name, args)
        self._label = label
        self._output_names = _declared_output_names(environment.kind)
        self._outputs: Optional[dict[str, Any]] = None

        self._check_now()
        self.radius_qualified_type = claim_names(label, Claim("Container", name, application.resource_name),
                                                 "radius:index:Container", opts, environment.native_names)
        program = self._register_in_program("radius:index:Container", name, opts, output_checks)
        for warning in (*plan.warnings, *args.container.undeclared_probe_warnings(label)):
            pulumi.log.warn(warning, resource=self)
        application._add(self)
        # The native resources come once the whole application is declared: a Gateway declared
        # after this container still changes them (radius_components.program).
        self._wait_for_application(program)

    @staticmethod
    def _parse_and_plan(label: str, application: Any, container: Any, connections: Any, extensions: Any,
                        runtimes: Any, restart_policy: Any) -> tuple[ContainerArgs, EnvPlan]:
        args = parse_component_arguments(
            label, application, ContainerArgs, {"container": container, "restart_policy": restart_policy},
            {"connections": connections, "extensions": extensions, "runtimes": runtimes}, "this container")
        return args, plan_environment(label, args.container.env, args.connections, application.environment)

    def _check_declared(self) -> None:
        check_routed_container(self._label, self.application, self.resource_name, self.args)
        warn_unresolved_short_names(self)  # `http://web:3000` where `web` is not that name here

    def _expand(self) -> None:
        self.deployment: Workload = self.application.environment.platform.deploy_container(self, self.args, self.plan)
        endpoint = self.endpoint
        outputs: dict[str, Any] = {
            "workload_name": self.deployment.workload_name,
            "identity": self.deployment.identity,
            "internal_url": endpoint.url if endpoint else None,
            "internal_hostname": endpoint.hostname if endpoint else None,
            "internal_port": endpoint.port if endpoint else None,
            **self.deployment.outputs,
        }
        self._outputs = outputs
        self.register_outputs(outputs)

    def _native_resources(self) -> list[pulumi.Resource]:
        return list(self.deployment.resources)

    @property
    def workload(self) -> Optional[pulumi.Resource]:
        """The native workload resource (a Deployment, a container group, ...), once expanded."""
        if self._outputs is None:
            raise RuntimeError(
                f"{self._label}: its native resources are created once the whole program has been declared, so "
                "`workload` is not there yet while the program body runs. To wait for the container, use "
                "depends_on=[container]; to read a value, use its outputs (they are Outputs available at once)")
        return self.deployment.workload

    @property
    def output_names(self) -> tuple[str, ...]:
        """Every output this container has on its kind (each readable as an attribute)."""
        return self._output_names

    if not TYPE_CHECKING:  # a type checker sees the declared outputs above, and flags typos

        def __getattr__(self, name: str) -> pulumi.Output[Any]:
            # The outputs (COMMON_OUTPUTS and the platform's own: task_role_arn, uri, ...)
            # become pulumi Outputs when first read, not five or more for every container up
            # front (each one is a future the runtime tracks until the program ends).
            names = self.__dict__.get("_output_names")
            if names is None or name not in names:
                raise AttributeError(name)
            outputs = self.__dict__.get("_outputs")
            if outputs is not None:
                value = pulumi.Output.from_input(outputs.get(name))
            else:  # not expanded yet: an Output of the value it will have
                value = deferred_output(self._expanded, lambda: (self._outputs or {}).get(name))
            self.__dict__[name] = value
            return value

    # -- ConnectionSource ------------------------------------------------------------------
    def connection_values(self) -> dict[str, ConnectionValue]:
        if self.endpoint is None:
            raise RadiusValidationError(
                f"Container '{self.resource_name}'", "container.ports", {}, "the target container declares no ports, so nothing can connect to it",
                f"declare a port on Container '{self.resource_name}', or remove the connection",
            )
        e = self.endpoint
        return {
            "SCHEME": ConnectionValue(e.scheme),
            "HOSTNAME": ConnectionValue(e.hostname),
            "PORT": ConnectionValue(e.port),
            "URL": ConnectionValue(e.url),
        }


def _declared_output_names(kind: str) -> tuple[str, ...]:
    """The outputs a Container has on `kind`: the common ones and those its kind declares."""
    declared = declared_kinds().get(kind)
    own = [o.name for o in declared.outputs if o.component == "Container"] if declared is not None else []
    return tuple(sorted({*COMMON_OUTPUTS, *own}))
