"""What the two Azure kinds (aci, aca) share: IAM, networking, secret store, PostgreSQL."""
