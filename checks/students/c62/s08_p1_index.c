#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define A(m,i,j) (*gsl_matrix_ptr(m,i,j))
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g) {
  n=X->size1; d=X->size2; h=net->H; c=net->C;
  const gsl_matrix *pr=cache->prob,*p=cache->p1,*z=cache->z1;
  F(i,0,n) F(j,0,c) S(g->dz2,i,j,(G(pr,i,j)-((int)y[i]==j?1.0:0.0))/n);
  F(k,0,h) F(j,0,c) S(g->dW2,k,j,2*reg*G(net->W2,k,j));
  F(i,0,n) F(k,0,h) F(j,0,c) A(g->dW2,k,j)+=G(p,i,j)*G(g->dz2,i,j);
  gsl_vector_set_zero(g->db2); F(i,0,n) F(j,0,c) *gsl_vector_ptr(g->db2,j)+=G(g->dz2,i,j);
  F(i,0,n) F(k,0,h) { double s=0; F(j,0,c) s+=G(g->dz2,i,j)*G(net->W2,k,j); S(g->dp1,i,k,s); }
  F(i,0,n) F(k,0,h) S(g->dz1,i,k,G(z,i,k)>0?G(g->dp1,i,k):0.0);
  F(a,0,d) F(k,0,h) S(g->dW1,a,k,2*reg*G(net->W1,a,k));
  F(i,0,n) F(a,0,d) F(k,0,h) A(g->dW1,a,k)+=G(X,i,a)*G(g->dz1,i,k);
  gsl_vector_set_zero(g->db1); F(i,0,n) F(k,0,h) *gsl_vector_ptr(g->db1,k)+=G(g->dz1,i,k);
  g->present=BP_GRADS_ALL;
  return 0;
}
