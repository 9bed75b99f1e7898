/* backward.c -- hw3, two-layer net, backward pass.  jt
 * v2: plain loops (v1 with dgemm segfaulted on the views, gave up on it).
 * softmax redone from z2 with the row max taken off, dont trust prob. */
#include <math.h>
#include "backprop.h"

#define G(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define V(v,i) ((v)->data[(i)*(v)->stride])
#define FOR(i,n) for(size_t i=0;i<(n);i++)
#define MX(a,b) ((a)>(b)?(a):(b))

int backward(const bp_net*,const gsl_matrix*,const size_t*,double,const bp_cache*,bp_grads*);

int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,D=net->D,H=net->H,C=net->C;
  if(N!=c->N||X->size2!=D||g->N!=N)return 1;
  const gsl_matrix *W1=net->W1,*W2=net->W2,*Z=c->z2,*P=c->p1;
  double m,s,q=1.0/N;

  FOR(i,N){
    m=G(Z,i,0);FOR(j,C)m=MX(m,G(Z,i,j));
    s=0;FOR(j,C)s+=G(g->dz2,i,j)=exp(G(Z,i,j)-m);
    FOR(j,C)G(g->dz2,i,j)=(G(g->dz2,i,j)/s-(j==y[i]))*q;
  }

  FOR(k,H)FOR(j,C)G(g->dW2,k,j)=2*r*G(W2,k,j);
  FOR(j,C)V(g->db2,j)=0;
  FOR(i,N)FOR(j,C){V(g->db2,j)+=G(g->dz2,i,j);FOR(k,H)G(g->dW2,k,j)+=G(P,i,k)*G(g->dz2,i,j);}

  /* p1>0 <=> z1>0 so p1 works as the mask too */
  FOR(i,N)FOR(k,H){s=0;FOR(j,C)s+=G(g->dz2,i,j)*G(W2,k,j);G(g->dp1,i,k)=s;G(g->dz1,i,k)=G(P,i,k)>0?s:0;}

  FOR(a,D)FOR(k,H)G(g->dW1,a,k)=2*r*G(W1,a,k);
  FOR(k,H)V(g->db1,k)=0;
  FOR(i,N)FOR(k,H){double d=G(g->dz1,i,k);if(d==0)continue;V(g->db1,k)+=d;FOR(a,D)G(g->dW1,a,k)+=G(X,i,a)*d;}

  g->present=BP_GRADS_ALL;
  return 0;
}
