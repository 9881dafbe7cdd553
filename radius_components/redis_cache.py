"""The public path of `RedisCache` and its connection-value formatting (radius_components/resources/redis_cache/)."""

from .resources.redis_cache.component import RedisCache
from .resources.redis_cache.declaration import RedisCacheResult
from .resources.redis_cache.formatting import REDIS_TLS_PORT, redis_connection_string, redis_url

__all__ = ["REDIS_TLS_PORT", "RedisCache", "RedisCacheResult", "redis_connection_string", "redis_url"]
