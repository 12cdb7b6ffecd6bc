import numpy as np, gzip
def idx(p, off): return np.frombuffer(gzip.open(p).read(), np.uint8, offset=off)
X=idx('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz',16).reshape(-1,784); y=idx('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz',8)
p=np.random.RandomState(11).permutation(60000)
hdr="label,"+",".join(f"pixel{j}" for j in range(784))
for name,ix in (("fm55k",p[:55000]),("fm-held5k",p[55000:])):
    np.savetxt(name+".csv",np.column_stack([y[ix],X[ix]]),fmt="%d",delimiter=",",header=hdr,comments="")
