import numpy as np, torch, sys
torch.set_num_threads(2)
for s in (1,2,3):
    tr=np.loadtxt(f"d8-{s}-train.csv",delimiter=",",skiprows=1); te=np.loadtxt(f"d8-{s}-test.csv",delimiter=",",skiprows=1)
    torch.manual_seed(s)
    X=torch.tensor(tr[:,1:]/255.0,dtype=torch.float32); y=torch.tensor(tr[:,0],dtype=torch.long)
    m=torch.nn.Sequential(torch.nn.Linear(64,128),torch.nn.ReLU(),torch.nn.Linear(128,10))
    opt=torch.optim.Adam(m.parameters(),1e-3)
    for e in range(10):
        p=torch.randperm(len(y))
        for i in range(0,len(y),64):
            b=p[i:i+64]; opt.zero_grad(); torch.nn.functional.cross_entropy(m(X[b]),y[b]).backward(); opt.step()
    with torch.no_grad(): acc=(m(torch.tensor(te[:,1:]/255.0,dtype=torch.float32)).argmax(1).numpy()==te[:,0]).mean()
    print(s,"torch MLP 64-128-10 Adam 1e-3 batch 64 10 epochs",acc)
