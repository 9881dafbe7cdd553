"""RedisCache: Radius's `Applications.Datastores/redisCaches` (see declaration.py)."""
