import numpy as np
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier
import sys
d=load_digits(); X=np.floor(d.data*255/16+0.5).astype(int); y=d.target
hdr="label,"+",".join(f"pixel{j}" for j in range(64))
for s in (1,2,3):
    p=np.random.RandomState(s).permutation(len(y)); te=p[:297]; tr=p[297:]
    for name,idx in (("train",tr),("test",te)):
        np.savetxt(f"d8-{s}-{name}.csv",np.column_stack([y[idx],X[idx]]),fmt="%d",delimiter=",",header=hdr,comments="")
    m=MLPClassifier(random_state=s,max_iter=2000).fit(X[tr]/255.0,y[tr])
    print(s,"sklearn",m.score(X[te]/255.0,y[te]))
