/* nn2 backward -- fast version (unrolled sums, no blas dep)
 * dz2 -> dW2 db2 dp1 -> dz1 -> dW1 db1 */
#include "backprop.h"

#define G(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define V(v,i) ((v)->data[(i)*(v)->stride])
#define FOR(i,n) for(i=0;i<(n);i++)

int backward(const bp_net *w,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,D=w->D,H=w->H,C=w->C,i,j,k;
  double s,t,q=1.0/N;
  gsl_matrix *dz=g->dz2,*dh=g->dp1,*dz1=g->dz1;
  if(N!=c->N||X->size2!=D||g->N!=N)return 1;

  FOR(i,N)FOR(j,C)G(dz,i,j)=(G(c->prob,i,j)-(y[i]==j))*q;

  FOR(k,H)FOR(j,C){
    for(s=t=0,i=0;i+1<N;i+=2)s+=G(c->p1,i,k)*G(dz,i,j),t+=G(c->p1,i+1,k)*G(dz,i+1,j);
    if(N&1)s+=G(c->p1,N-1,k)*G(dz,N-1,j);
    G(g->dW2,k,j)=s+t+2*r*G(w->W2,k,j);
  }
  FOR(j,C){
    for(s=0,i=0;i+1<N;i+=2)s+=G(dz,i,j),G(dz,i+1,j);
    if(N&1)s+=G(dz,N-1,j);
    V(g->db2,j)=s;
  }

  FOR(i,N)FOR(k,H){s=0;FOR(j,C)s+=G(dz,i,j)*G(w->W2,k,j);G(dh,i,k)=s;G(dz1,i,k)=G(c->z1,i,k)>0?s:0;}

  FOR(k,D)FOR(j,H){
    for(s=t=0,i=0;i+1<N;i+=2)s+=G(X,i,k)*G(dz1,i,j),t+=G(X,i+1,k)*G(dz1,i+1,j);
    if(N&1)s+=G(X,N-1,k)*G(dz1,N-1,j);
    G(g->dW1,k,j)=s+t+2*r*G(w->W1,k,j);
  }
  FOR(j,H){
    for(s=t=0,i=0;i+1<N;i+=2)s+=G(dz1,i,j),t+=G(dz1,i+1,j);
    if(N&1)s+=G(dz1,N-1,j);
    V(g->db1,j)=s+t;
  }

  g->present=BP_GRADS_ALL;
  return 0;
}
