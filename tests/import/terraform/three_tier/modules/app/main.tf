variable "name" {}
variable "web_sg" {}
variable "app_port" {
  default = 8000
}

resource "aws_security_group" "app" {
  name = "${var.name}-app"

  ingress {
    from_port       = var.app_port
    to_port         = var.app_port
    protocol        = "tcp"
    security_groups = [var.web_sg]
  }
}

resource "aws_launch_template" "app" {
  name_prefix            = "${var.name}-app-gunicorn"
  image_id               = "ami-0def"
  vpc_security_group_ids = [aws_security_group.app.id]
}

resource "aws_autoscaling_group" "app" {
  name     = "${var.name}-app"
  min_size = 2
  max_size = 6
  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }
}

output "security_group_id" {
  value = aws_security_group.app.id
}
