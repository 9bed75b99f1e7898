// 2layer bwd, blas. rk
// trick: copy W into dW then dgemm with beta=2*reg -> dW = A'dZ + 2 reg W in one call
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

#define T CblasTrans
#define NT CblasNoTrans
#define MM(ta,tb,A,B,be,O) gsl_blas_dgemm(ta,tb,1.0,A,B,be,O)
#define CS(A,o) gsl_blas_dgemv(T,1.0,A,u,0.0,o)
#define E(m,i,j) (m)->data[(i)*(m)->tda+(j)]

int backward(const bp_net *n,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1,H=n->H,i,j;
  if(N!=c->N||X->size2!=n->D||g->N!=N)return 1;
  gsl_vector *u=gsl_vector_alloc(N);if(!u)return 2;
  gsl_vector_set_all(u,1);

  gsl_matrix_memcpy(g->dz2,c->prob);
  for(i=0;i<N;i++)E(g->dz2,i,y[i])-=1;
  gsl_matrix_scale(g->dz2,1.0/N);

  gsl_matrix_memcpy(g->dW2,n->W2);MM(T,NT,c->p1,g->dz2,2*r,g->dW2);
  CS(g->dz2,g->db2);
  MM(NT,T,g->dz2,n->W2,0,g->dp1);

  gsl_matrix_memcpy(g->dz1,g->dp1);
  for(i=0;i<N;i++)for(j=0;j<H;j++)E(g->dz1,i,j)*=E(c->z1,i,j)>0;

  gsl_matrix_memcpy(g->dW1,n->W1);MM(T,NT,X,g->dz1,2*r,g->dW1);
  CS(g->dz1,g->db1);

  gsl_vector_free(u);
  g->present=BP_GRADS_ALL;
  return 0;
}
