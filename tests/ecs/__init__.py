"""ECS on Fargate: what the ecs kind emits, validated against the AWS API models."""
