"""PyTorch (eager, CPU) versions of the workbook's three trained networks, timed the way
`Benchmarks` times them: full training steps (forward, L_simple, backward, gradient clipping
at norm 1, Adam, EMA of the weights) on a fixed batch size, after a short warm-up.

  tutorial  Siddiqui's 2D tutorial network: 2 -> 128 -> 128 -> 2 with per-step embeddings
            scaling each hidden layer, softplus; T = 100, batch 128, EMA 0.9.
  default   the workbook's residual SiLU MLP: [x_t, PE(t)] (2 + 32) -> 96, three pre-activation
            residual blocks of two 96 x 96 layers, SiLU, 96 -> 2; T = 1000, batch 256, EMA 0.999.
  unet      Lesson07's convolutional U-Net for 16 x 16 images: 2 x 2 patches (4 channels on
            8 x 8), 3 x 3 convolution to 32 channels, one residual block (two 3 x 3 convolutions,
            the time embedding projected and added) at 32 channels on 8 x 8, a 2 x 2 stride-2
            convolution to 64 channels on 4 x 4, one block there, a 2 x 2 stride-2 transposed
            convolution back up added to the skip, one block at 32 channels, SiLU, 3 x 3
            convolution to 4 channels, patches back to 16 x 16; batch 128, EMA 0.999.

Prints one JSON line per measurement with the same names and fields as `Benchmarks`
("train_tutorial", "train_default", "train_unet"; "steps_per_s", "threads"), plus
"impl": "torch". The data are random: the work of a step does not depend on them.

usage: python torch_networks.py [tutorial default unet] [--threads 1 2] [--steps N]
"""
import argparse, json, math, time
import torch, torch.nn as nn, torch.nn.functional as F


def sinusoidal_table(timesteps, dim):
    """PE(t) for t = 1..T (Vaswani et al. 2017): sin and cos of t / 10000^(2i/dim)."""
    t = torch.arange(1, timesteps + 1, dtype=torch.float64)[:, None]
    freqs = torch.exp(-math.log(10000.0) * torch.arange(dim // 2, dtype=torch.float64) / (dim // 2))
    return torch.cat([torch.sin(t * freqs), torch.cos(t * freqs)], 1).float()


class CondLinear(nn.Module):
    def __init__(self, i, o, T):
        super().__init__()
        self.lin, self.emb = nn.Linear(i, o), nn.Embedding(T, o)
        self.emb.weight.data.uniform_()

    def forward(self, x, t):
        return self.emb(t) * self.lin(x)


class Tutorial(nn.Module):
    def __init__(self, width=128, T=100):
        super().__init__()
        self.l1, self.l2, self.l3 = CondLinear(2, width, T), CondLinear(width, width, T), nn.Linear(width, 2)

    def forward(self, x, t):
        return self.l3(F.softplus(self.l2(F.softplus(self.l1(x, t)), t)))


class Residual(nn.Module):
    def __init__(self, width=96, depth=3, emb=32, T=1000):
        super().__init__()
        self.register_buffer("pe", sinusoidal_table(T, emb))
        self.input = nn.Linear(2 + emb, width)
        self.blocks = nn.ModuleList(nn.Sequential(nn.SiLU(), nn.Linear(width, width), nn.SiLU(), nn.Linear(width, width))
                                    for _ in range(depth))
        self.output = nn.Linear(width, 2)

    def forward(self, x, t):
        h = self.input(torch.cat([x, self.pe[t]], 1))
        for block in self.blocks:
            h = h + block(h)
        return self.output(F.silu(h))


class ConvBlock(nn.Module):
    """h + conv2(SiLU(conv1(SiLU(h)) + PE(t) V + c))."""
    def __init__(self, channels, emb):
        super().__init__()
        self.inner, self.outer = nn.Conv2d(channels, channels, 3, padding=1), nn.Conv2d(channels, channels, 3, padding=1)
        self.time = nn.Linear(emb, channels)

    def forward(self, h, pe):
        c = self.inner(F.silu(h)) + self.time(pe)[:, :, None, None]
        return h + self.outer(F.silu(c))


class UNet(nn.Module):
    def __init__(self, width=32, emb=32, T=1000):
        super().__init__()
        self.register_buffer("pe", sinusoidal_table(T, emb))
        self.input = nn.Conv2d(4, width, 3, padding=1)
        self.encoder, self.middle, self.decoder = ConvBlock(width, emb), ConvBlock(2 * width, emb), ConvBlock(width, emb)
        self.down = nn.Conv2d(width, 2 * width, 2, stride=2)
        self.up = nn.ConvTranspose2d(2 * width, width, 2, stride=2, bias=False)
        self.up_bias = nn.Parameter(torch.zeros(width, 2, 2))  # the workbook's `up` has a bias per patch position
        self.output = nn.Conv2d(width, 4, 3, padding=1)

    def forward(self, x, t):
        pe = self.pe[t]
        h = self.input(F.pixel_unshuffle(x.view(-1, 1, 16, 16), 2))
        h = self.encoder(h, pe)
        d = self.middle(self.down(h), pe)
        h = self.decoder(h + self.up(d) + self.up_bias.repeat(1, 4, 4), pe)
        return F.pixel_shuffle(self.output(F.silu(h)), 2).reshape(-1, 256)


SETUPS = {  # model, values per sample, T, batch, learning rate, EMA decay
    "tutorial": (Tutorial, 2, 100, 128, 1e-3, 0.9),
    "default": (Residual, 2, 1000, 256, 2e-3, 0.999),
    "unet": (UNet, 256, 1000, 128, 2e-3, 0.999),
}


def measure(name, threads, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    make, dim, T, batch, rate, decay = SETUPS[name]
    model = make(T=T)
    opt = torch.optim.Adam(model.parameters(), lr=rate)
    ema = [p.detach().clone() for p in model.parameters()]
    abar = torch.cumprod(1 - torch.linspace(1e-4, 0.02, T), 0)
    data = torch.randn(4096, dim)

    def step():
        x0 = data[torch.randint(0, data.shape[0], (batch,))]
        t = torch.randint(0, T, (batch,))
        eps = torch.randn_like(x0)
        xt = abar[t, None].sqrt() * x0 + (1 - abar[t, None]).sqrt() * eps
        loss = (model(xt, t) - eps).square().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            torch._foreach_lerp_(ema, list(model.parameters()), 1 - decay)
        return loss

    for _ in range(max(1, min(200, steps // 10))):
        step()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        loss = step()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({"name": f"train_{name}", "impl": "torch", "threads": threads, "steps": steps,
                      "seconds": seconds, "cpu_seconds": cpu_seconds, "steps_per_s": steps / seconds, "batch": batch, "T": T,
                      "parameters": sum(p.numel() for p in model.parameters()), "last_loss": loss.item(),
                      "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("models", nargs="*", default=list(SETUPS), help="tutorial, default, unet (default: all)")
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, help="timed steps (default 2000 for 2D networks, 40 for the U-Net)")
    a = p.parse_args()
    for name in a.models:
        if name not in SETUPS:
            p.error(f"unknown model {name!r}: choose from {', '.join(SETUPS)}")
    for name in a.models:
        for threads in a.threads:
            measure(name, threads, a.steps or (40 if name == "unet" else 2000))
