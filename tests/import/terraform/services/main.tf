# A shop on AWS's managed services, written for infrac's importer tests: an ALB over
# two zones in front of an Auto Scaling group, RDS Multi-AZ and a single-AZ reporting
# database, ElastiCache, SQS, Amazon MQ, MSK, S3 buckets behind CloudFront, Route 53
# aliases, and the IAM, KMS and logging resources every real configuration carries.

variable "azs" {
  default = ["eu-west-1a", "eu-west-1b"]
}

locals {
  name = "shop"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "public" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
  availability_zone = var.azs[count.index]
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
  availability_zone = element(var.azs, count.index)
}

resource "aws_lb" "front" {
  name               = "${local.name}-alb"
  load_balancer_type = "application"
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb" "mqtt" {
  name               = "${local.name}-nlb"
  load_balancer_type = "network"
  internal           = false
  subnet_mapping {
    subnet_id = aws_subnet.public[0].id
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.mqtt.arn
  port              = 8883
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_target_group" "app" {
  name     = "${local.name}-app"
  port     = 80
  protocol = "HTTP"
  health_check {
    path = "/health"
  }
}

resource "aws_launch_template" "app" {
  name_prefix = "app-"
  image_id    = "ami-0abc"
  # Security groups on the network interface, as most launch templates write them.
  network_interfaces {
    device_index    = 0
    security_groups = [aws_security_group.app.id]
  }
  user_data   = base64encode("#!/bin/bash\napt-get install -y nginx\n")
}

resource "aws_autoscaling_group" "app" {
  name                = "${local.name}-app"
  min_size            = 2
  max_size            = 6
  desired_capacity    = 3
  vpc_zone_identifier = aws_subnet.private[*].id
  target_group_arns   = [aws_lb_target_group.app.arn]
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}

resource "aws_instance" "bastion" {
  ami           = "ami-0abc"
  subnet_id     = aws_subnet.public[1].id
  tags = {
    Name = "bastion"
  }
}

resource "aws_db_subnet_group" "main" {
  name       = "${local.name}-db"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "orders" {
  identifier             = "${local.name}-orders"
  engine                 = "postgres"
  instance_class         = "db.t3.medium"
  multi_az               = true
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_db_instance" "reports" {
  identifier        = "${local.name}-reports"
  engine            = "mysql"
  instance_class    = "db.t3.small"
  availability_zone = "eu-west-1b"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "${local.name}-sessions"
  description                = "sessions"
  engine                     = "redis"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  preferred_cache_cluster_azs = var.azs
  security_group_ids         = [aws_security_group.cache.id]
}

resource "aws_elasticache_cluster" "fragments" {
  cluster_id        = "${local.name}-fragments"
  engine            = "memcached"
  num_cache_nodes   = 1
  availability_zone = "eu-west-1a"
}

resource "aws_sqs_queue" "jobs" {
  name = "${local.name}-jobs"
}

resource "aws_mq_broker" "events" {
  broker_name     = "${local.name}-events"
  engine_type     = "RabbitMQ"
  deployment_mode = "CLUSTER_MULTI_AZ"
  subnet_ids      = aws_subnet.private[*].id
  security_groups = [aws_security_group.mq.id]
}

resource "aws_msk_cluster" "clicks" {
  cluster_name = "${local.name}-clicks"
  broker_node_group_info {
    client_subnets  = aws_subnet.private[*].id
    security_groups = [aws_security_group.kafka.id]
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "${local.name}-assets"
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::shop-assets/*"
    }]
  })
}

resource "aws_s3_bucket" "uploads" {
  bucket = "${local.name}-uploads"
  acl    = "public-read"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  aliases = ["www.shop.example"]

  origin {
    origin_id   = "alb"
    domain_name = aws_lb.front.dns_name
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  origin {
    origin_id   = "assets"
    domain_name = aws_s3_bucket.assets.bucket_regional_domain_name
  }

  default_cache_behavior {
    target_origin_id       = "alb"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
}

resource "aws_route53_zone" "main" {
  name = "shop.example"
}

resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "www.shop.example"
  type    = "A"
  alias {
    name                   = aws_cloudfront_distribution.cdn.domain_name
    zone_id                = aws_cloudfront_distribution.cdn.hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "api" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "api.shop.example"
  type    = "A"
  alias {
    name                   = aws_lb.front.dns_name
    zone_id                = aws_lb.front.zone_id
    evaluate_target_health = true
  }
}

resource "aws_security_group" "alb" {
  name = "alb"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  name = "app"
  ingress {
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_security_group" "cache" {
  name = "cache"
  ingress {
    from_port       = 6379
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_security_group" "mq" {
  name = "mq"
  ingress {
    from_port       = 5671
    to_port         = 5671
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_security_group" "kafka" {
  name = "kafka"
  ingress {
    from_port       = 9092
    to_port         = 9092
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_kms_key" "data" {
  description = "data"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/shop/app"
}

resource "aws_ssm_parameter" "db_url" {
  name  = "/shop/db"
  type  = "String"
  value = "postgres://"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "null_resource" "migrate" {}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
