#include "backprop.h"

#define F(i,a,b) for(int i=(a);i<(b);++i)
#define E(m,i,j) (m)->data[(i)*(m)->tda+(j)]

static int n,d,h,c;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg, const bp_cache *cache, bp_grads *g)
{
    n=X->size1, d=net->D, h=net->H, c=net->C;
    gsl_matrix *Z2=g->dz2, *A=g->dW2, *P1=g->dp1, *Z1=g->dz1, *B=g->dW1;
    double *b2=g->db2->data, *b1=g->db1->data, iv=1.0/n;
    size_t s2=g->db2->stride, s1=g->db1->stride;
    // p/n - 1/n at label
    F(i,0,n) F(j,0,c) E(Z2,i,j)=E(cache->prob,i,j)*iv-(j==(int)y[i]?iv:0);
    F(k,0,h) F(j,0,c) E(A,k,j)=2*reg*E(net->W2,k,j);
    F(j,0,c) b2[j*s2]=0;
    // dW2 + db2 together
    F(i,0,n) F(j,0,c) { double t=E(Z2,i,j); b2[j*s2]+=t; F(k,0,h) E(A,k,j)+=E(cache->p1,i,k)*t; }
    F(i,0,n) F(k,0,h) { double s=0; F(j,0,c) s+=E(Z2,i,j)*E(net->W2,k,j); E(P1,i,k)=s; }
    F(k,0,h) b1[k*s1]=0;
    F(a,0,d) F(k,0,h) E(B,a,k)=2*reg*E(net->W1,a,k);
    // relu: p1>0 same as z1>0
    F(i,0,n) F(k,0,h) { double t=E(cache->p1,i,k)>0?E(P1,i,k):0; E(Z1,i,k)=t; b1[k*s1]+=t; F(a,0,d) E(B,a,k)+=E(X,i,a)*t; }
    g->present=BP_GRADS_ALL;
    return 0;
}
