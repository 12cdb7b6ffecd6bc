"""Usage: /usr/bin/python3 scripts/presets/reference.py TRAIN.csv TEST.csv HEIGHT WIDTH

Reference: PyTorch MLP (hidden 128) and, where the image allows, the Keras convnet; Adam 1e-3, batch 64,
early stopping (patience 10) on a seeded 20% dev split of the training file, best weights kept; test on a second file."""
import sys, numpy as np, torch, torch.nn as nn
def load(p):
    a=np.loadtxt(p,delimiter=",",skiprows=1,dtype=np.float32); return a[:,1:]/255.0, a[:,0].astype(np.int64)
def run(kind, xtr, ytr, xte, yte, h, w, seed, classes):
    torch.manual_seed(seed); rng=np.random.default_rng(seed); idx=rng.permutation(len(ytr)); nd=len(ytr)//5
    dv,tr=idx[:nd],idx[nd:]
    X=torch.tensor(xtr); Y=torch.tensor(ytr); Xt=torch.tensor(xte); Yt=torch.tensor(yte)
    if kind=="mlp": m=nn.Sequential(nn.Linear(h*w,128),nn.ReLU(),nn.Linear(128,classes))
    else:
        m=nn.Sequential(nn.Unflatten(1,(1,h,w)),nn.Conv2d(1,32,3),nn.ReLU(),nn.MaxPool2d(2),nn.Conv2d(32,64,3),nn.ReLU(),nn.MaxPool2d(2),nn.Flatten(),nn.Dropout(0.5),nn.LazyLinear(classes))
        m(X[:2])
    opt=torch.optim.Adam(m.parameters(),1e-3); best=-1; bs=None; since=0
    def acc(xx,yy):
        m.eval()
        with torch.no_grad(): return (m(xx).argmax(1)==yy).float().mean().item()
    for ep in range(200):
        m.train(); p=torch.tensor(rng.permutation(tr))
        for i in range(0,len(p),64):
            b=p[i:i+64]; opt.zero_grad(); nn.functional.cross_entropy(m(X[b]),Y[b]).backward(); opt.step()
        a=acc(X[dv],Y[dv])
        if a>best: best=a; bs={k:v.clone() for k,v in m.state_dict().items()}; since=0
        else:
            since+=1
            if since>=10: break
    m.load_state_dict(bs); return best, acc(Xt,Yt), ep+1
torch.set_num_threads(1)
xtr,ytr=load(sys.argv[1]); xte,yte=load(sys.argv[2]); h,w=int(sys.argv[3]),int(sys.argv[4])
classes=int(max(ytr.max(),yte.max())+1)
for kind in (["mlp","convnet"] if min(h,w)>=10 else ["mlp"]):
    r=[run(kind,xtr,ytr,xte,yte,h,w,s,classes) for s in (1,2,3)]
    print(kind, "dev", [round(x[0],3) for x in r], "test", [round(x[1],3) for x in r], "epochs", [x[2] for x in r], "median test", sorted(x[1] for x in r)[1])
