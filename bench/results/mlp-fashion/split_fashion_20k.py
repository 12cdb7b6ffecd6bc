import numpy as np, gzip
def idx(p, off): return np.frombuffer(gzip.open(p).read(), np.uint8, offset=off)
X=idx('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz',16).reshape(-1,784); y=idx('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz',8)
p=np.random.RandomState(7).permutation(60000)
hdr="label,"+",".join(f"pixel{j}" for j in range(784))
# tuning split from Fashion's training images only: 20k train, 5k held out
for name,idx_ in (("fm20k",p[:20000]),("fm-held",p[20000:25000])):
    np.savetxt(name+".csv",np.column_stack([y[idx_],X[idx_]]),fmt="%d",delimiter=",",header=hdr,comments="")
