locals {
  name = "shop"
  tags = { Project = local.name }
}

resource "aws_lb" "front" {
  name               = "${local.name}-alb"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = aws_subnet.public[*].id
}

resource "aws_subnet" "public" {
  count      = 2
  vpc_id     = "vpc-123"
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}

resource "aws_acm_certificate" "www" {
  domain_name               = var.domain
  subject_alternative_names = ["www.${var.domain}"]
  validation_method         = "DNS"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.front.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.www.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.front.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_target_group" "web" {
  name     = "${local.name}-web"
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"

  health_check {
    path = "/health"
  }
}

resource "aws_instance" "web" {
  count                  = var.web_count
  ami                    = "ami-0abc"
  instance_type          = "t3.small"
  vpc_security_group_ids = [aws_security_group.web.id]
  user_data              = <<-EOT
    #!/bin/bash
    apt-get install -y nginx
  EOT
  tags = merge(local.tags, { Name = format("web-%d", count.index + 1) })
}

resource "aws_lb_target_group_attachment" "web" {
  count            = var.web_count
  target_group_arn = aws_lb_target_group.web.arn
  target_id        = aws_instance.web[count.index].id
  port             = 80
}

module "app" {
  source   = "./modules/app"
  name     = local.name
  web_sg   = aws_security_group.web.id
  app_port = var.app_ports[0]
}

resource "aws_db_instance" "main" {
  identifier             = "${local.name}-db"
  engine                 = "mysql"
  instance_class         = "db.t3.micro"
  multi_az               = true
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_db_instance" "replica" {
  identifier          = "${local.name}-db-replica"
  engine              = "mysql"
  replicate_source_db = aws_db_instance.main.identifier
}

resource "aws_security_group" "alb" {
  name = "alb"

  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_security_group_rule" "db_from_app" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  from_port                = 3306
  to_port                  = 3306
  protocol                 = "tcp"
  source_security_group_id = module.app.security_group_id
}

resource "aws_route53_zone" "main" {
  name = "example.com"
}

resource "aws_route53_record" "shop" {
  zone_id = aws_route53_zone.main.zone_id
  name    = var.domain
  type    = "A"

  alias {
    name                   = aws_lb.front.dns_name
    zone_id                = aws_lb.front.zone_id
    evaluate_target_health = true
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "${local.name}-assets"
}

resource "aws_iam_role" "app" {
  name = "app"
}

resource "aws_iam_role" "ci" {
  name = "ci"
}
