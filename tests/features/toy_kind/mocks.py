"""What the toy provider computes: each service's URL."""

OUTPUTS = {"toy:index/service:Service": lambda a: {"url": f"http://{a.inputs['host']}:{int(a.inputs['port'])}"}}
CALLS: dict = {}
