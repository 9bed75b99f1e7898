/* hw 5 -- backward of 2-layer net
 * (c) kx
 * dW1 loop unrolled x2 over the batch, it was the slow one in gprof */
#include "backprop.h"

#define G(m,i,j) (m)->data[i*(m)->tda+j]
#define V(v,i) (v)->data[(i)*(v)->stride]
#define R(i,a,b) for(size_t i=a;i<b;++i)

int backward(const bp_net *n,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,D=n->D,H=n->H,C=n->C,i;
  double s,t;
  if(N!=c->N||X->size2!=D||g->N!=N)return 1;

  R(a,0,N)R(b,0,C)G(g->dz2,a,b)=(G(c->prob,a,b)-(b==y[a]?1.:0.))/(double)N;

  R(k,0,H)R(b,0,C){s=0;R(a,0,N)s+=G(c->p1,a,k)*G(g->dz2,a,b);G(g->dW2,k,b)=s+2*r*G(n->W2,k,b);}
  R(b,0,C){s=0;R(a,0,N)s+=G(g->dz2,a,b);V(g->db2,b)=s;}
  R(a,0,N)R(k,0,H){s=0;R(b,0,C)s+=G(g->dz2,a,b)*G(n->W2,k,b);G(g->dp1,a,k)=s;}
  R(a,0,N)R(k,0,H)G(g->dz1,a,k)=G(c->z1,a,k)>0?G(g->dp1,a,k):0.;

  R(d,0,D)R(k,0,H){
    for(s=t=0,i=0;i+1<N;i+=2){s+=G(X,i,d)*G(g->dz1,i,k);t+=G(X,i+1,d)*G(g->dz1,i+1,k);}
    if(i<N)s+=G(X,i,d)*G(g->dz1,i,k);
    G(g->dW1,d,k)=s+t+2*r*G(n->W1,d,k);
  }
  R(k,0,H){s=0;R(a,0,N)s+=G(g->dz1,a,k);V(g->db1,k)=s;}

  g->present=BP_GRADS_ALL;
  return 0;
}
