"""One training step of a small network with every kind of layer, in PyTorch (float32, CPU):
forward in training mode (batch statistics, a fixed dropout mask), cross-entropy, backward, one
Adam step; then the running statistics and the logits in eval mode. CnnReferenceTest replays it
in digitnet from the same initial weights and compares every number to 1e-5.

The network is nn.Sequential of the layer list
  conv:4:3:1:1,relu,batchnorm,maxpool:2,conv:6:3:2:1,relu,avgpool:2,flatten,linear:8,relu,
  batchnorm,dropout:0.5,linear:3
(ReLU before batch norm: a bias right before a batch norm has a gradient of zero up to rounding,
which Adam's first step, g / (|g| + eps), would turn into an arbitrary +-lr.)
on 2x8x8 inputs, so its state dict names are digitnet's (every item counted).
Run: /usr/bin/python3 src/test/python/cnn_reference.py > src/test/resources/fixtures/cnn_step.json
"""
import json

import torch
from torch import nn

SEED = 11
LAYERS = ("conv:4:3:1:1,relu,batchnorm,maxpool:2,conv:6:3:2:1,relu,avgpool:2,flatten,linear:8,"
          "relu,batchnorm,dropout:0.5,linear:3")


def build():
    return nn.Sequential(
    nn.Conv2d(2, 4, 3, stride=1, padding=1), nn.ReLU(), nn.BatchNorm2d(4), nn.MaxPool2d(2),
    nn.Conv2d(4, 6, 3, stride=2, padding=1), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(6, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Dropout(0.5), nn.Linear(8, 3))


def flat(t):
    return t.detach().reshape(-1).tolist()


def well_conditioned(net):
    """Every gradient clear of rounding noise: Adam's first step, g / (|g| + eps), turns a gradient
    that is zero up to rounding (a bias before a batch norm that every sample passes through) into
    an arbitrary +-lr, and a unit that no sample reaches is no test of anything."""
    return all((p.grad.abs() > 1e-4).all() for p in net.parameters())


while True:
    torch.manual_seed(SEED)
    net = build()
    with torch.no_grad():   # batch norms start away from the identity, so their weights matter
        for i in (2, 10):
            net[i].weight.uniform_(0.5, 1.5)
            net[i].bias.uniform_(-0.5, 0.5)
    x = torch.randn(12, 2, 8, 8)
    labels = torch.randint(0, 3, (12,))
    mask = (torch.rand(12, 8) >= 0.5).float() / 0.5
    net[11].register_forward_hook(lambda module, inputs, output: inputs[0] * mask if module.training else output)
    probe = build()
    probe.load_state_dict(net.state_dict())
    probe[11].register_forward_hook(lambda module, inputs, output: inputs[0] * mask)
    nn.functional.cross_entropy(probe(x), labels).backward()
    if well_conditioned(probe):
        break
    SEED += 1

before = {k: flat(v) for k, v in net.state_dict().items()}
opt = torch.optim.Adam(net.parameters(), lr=0.01)
net.train()
logits = net(x)
loss = nn.functional.cross_entropy(logits, labels)
opt.zero_grad()
loss.backward()
grads = {k: flat(p.grad) for k, p in net.named_parameters()}
opt.step()
after = {k: flat(v) for k, v in net.state_dict().items()}
net.eval()
with torch.no_grad():
    eval_logits = net(x)

print(json.dumps({
    "seed": SEED, "layers": LAYERS, "input": [2, 8, 8], "classes": 3, "learning_rate": 0.01,
    "x": flat(x), "labels": labels.tolist(), "dropout_mask": flat(mask),
    "before": before, "logits": flat(logits), "loss": loss.item(), "grads": grads,
    "after": after, "eval_logits": flat(eval_logits),
}))
