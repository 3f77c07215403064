# The root module: given on the command line. Its modules live beside it, outside
# this directory, and sort before it ("app" < "site").
module "app" {
  source  = "../app"
  servers = 2
}

resource "aws_elb" "front" {
  name = "shop-front"
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }
  health_check {
    target   = "HTTP:8080/health"
    interval = 30
  }
}

resource "aws_elb_attachment" "app" {
  count    = 2
  elb      = aws_elb.front.id
  instance = module.app.instance_ids[count.index]
}
