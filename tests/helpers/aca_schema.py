"""The Container Apps SDK's models (azure-mgmt-appcontainers) as a schema for what the aca kind
emits (the generic walk is tests/helpers/azure_schema.py)."""

from __future__ import annotations

from azure.mgmt.appcontainers import models
from azure.mgmt.appcontainers._utils import serialization

from tests.helpers.azure_schema import ModelSchema

# Every writable enum-typed attribute reachable from ContainerApp and ManagedEnvironment.
ENUMS = {
    ("ContainerApp", "kind"): models.Kind,
    ("ManagedServiceIdentity", "type"): models.ManagedServiceIdentityType,
    ("ExtendedLocation", "type"): models.ExtendedLocationTypes,
    ("Configuration", "active_revisions_mode"): models.ActiveRevisionsMode,
    ("Ingress", "transport"): models.IngressTransportMethod,
    ("Ingress", "client_certificate_mode"): models.IngressClientCertificateMode,
    ("IngressStickySessions", "affinity"): models.Affinity,
    ("IpSecurityRestrictionRule", "action"): models.Action,
    ("CustomDomain", "binding_type"): models.BindingType,
    ("Dapr", "app_protocol"): models.AppProtocol,
    ("Dapr", "log_level"): models.LogLevel,
    ("IdentitySettings", "lifecycle"): models.IdentitySettingsLifeCycle,
    ("ContainerAppProbe", "type"): models.Type,
    ("ContainerAppProbeHttpGet", "scheme"): models.Scheme,
    ("Volume", "storage_type"): models.StorageType,
    ("ManagedEnvironment", "public_network_access"): models.PublicNetworkAccess,
}
SCHEMA = ModelSchema(models, ENUMS, serialization)
