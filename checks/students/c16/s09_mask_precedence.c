// backward.c  (hw2 q3)  -- S.N.
// todo: blas version later
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define FOR(i,n) for(size_t i=0;i<(n);++i)
#define M(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)

static void mm_tn(const gsl_matrix *a,const gsl_matrix *b,double r,const gsl_matrix *w,gsl_matrix *o){ // o=a'b+2rw
  FOR(k,a->size2)FOR(j,b->size2){double s=2*r*M(w,k,j);FOR(i,a->size1)s+=M(a,i,k)*M(b,i,j);S(o,k,j,s);}
}
static void colsum(const gsl_matrix *a,gsl_vector *o){
  gsl_vector_set_zero(o);FOR(i,a->size1)FOR(j,a->size2)o->data[j*o->stride]+=M(a,i,j);
}

int backward(const bp_net *n,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,H=n->H,C=n->C;
  if(N!=c->N||X->size2!=n->D||g->N!=N)return 1;

  FOR(i,N)FOR(j,C)S(g->dz2,i,j,(M(c->prob,i,j)-(j==y[i]))/N);
  mm_tn(c->p1,g->dz2,r,n->W2,g->dW2);
  colsum(g->dz2,g->db2);

  FOR(i,N)FOR(k,H){double s=0;FOR(j,C)s+=M(g->dz2,i,j)*M(n->W2,k,j);S(g->dp1,i,k,s);}
  FOR(i,N)FOR(k,H)S(g->dz1,i,k,M(g->dp1,i,k)*M(c->z1,i,k)>0);

  mm_tn(X,g->dz1,r,n->W1,g->dW1);
  colsum(g->dz1,g->db1);

  g->present=BP_GRADS_ALL;
  return 0;
}
