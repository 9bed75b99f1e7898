#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define E(m,i,j) (m)->data[(i)*(m)->tda+(j)]
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
    n=X->size1; d=net->D; h=net->H; c=net->C;
    double *b2=g->db2->data,*b1=g->db1->data;
    F(i,0,n) F(j,0,c) E(g->dz2,i,j)=(E(cache->prob,i,j)-(j==(int)y[i]))/n;
    F(k,0,h) F(j,0,c) { double s=2*reg*E(net->W2,k,j); F(i,0,n) s+=E(cache->p1,i,k)*E(g->dz2,i,j); E(g->dW2,k,j)=s; }
    F(j,0,c) { double s=0; F(i,0,n) s+=E(g->dz2,i,j); b2[j*g->db2->stride]=s; }
    F(i,0,n) F(k,0,h) { double s=0; F(j,0,c) s+=E(g->dz2,i,j)*E(net->W2,k,j); E(g->dp1,i,k)=s; }
    // relu backward
    F(i,0,n) F(k,0,h) E(g->dz1,i,k)=E(g->dp1,i,k)>0?E(g->dp1,i,k):0;
    F(a,0,d) F(k,0,h) { double s=2*reg*E(net->W1,a,k); F(i,0,n) s+=E(X,i,a)*E(g->dz1,i,k); E(g->dW1,a,k)=s; }
    F(k,0,h) { double s=0; F(i,0,n) s+=E(g->dz1,i,k); b1[k*g->db1->stride]=s; }
    g->present=BP_GRADS_ALL;
    return 0;
}
