"""Recipes for the Azure compute kinds (`aci`, and `aca` later): they read the
environment's resource group and location from `ctx.platform.azure`."""
