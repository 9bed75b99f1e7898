/* bwd.c -- 2-layer net, hw3
 * ab: dz2 via ternary (no onehot matrix), W2/W1 grads share one helper */
#include <string.h>
#include "backprop.h"

#define E(m,i,j) ((m)->data[(i)*(m)->tda+(j)])
#define L(i,n) for(size_t i=0,n_=(n);i<n_;i++)

/* o = a'b + 2r w ; o(k,j) */
static void g_w(const gsl_matrix *a,const gsl_matrix *b,const gsl_matrix *w,double r,gsl_matrix *o){
  L(k,o->size1)L(j,o->size2){double s=0;L(i,a->size1)s+=E(a,i,k)*E(b,i,j);E(o,k,j)=s+2*r*E(w,k,j);}
}
static void g_b(const gsl_matrix *d,gsl_vector *o){
  L(j,d->size2){double s=0;L(i,d->size1)s+=E(d,i,j);gsl_vector_set(o,j,s);}
}

int backward(const bp_net *n,const gsl_matrix *X,const size_t *y,double r,const bp_cache *c,bp_grads *g)
{
  size_t N=X->size1;
  if(N!=c->N||X->size2!=n->D||g->N!=N)return 1;
  const gsl_matrix *P=c->prob;

  L(i,N)L(j,n->C)E(g->dz2,i,j)=(j==y[i]?E(P,i,j):E(P,i,j)-1)/N;
  g_w(c->p1,g->dz2,n->W2,r,g->dW2);
  g_b(g->dz2,g->db2);

  L(i,N)L(k,n->H){double s=0;L(j,n->C)s+=E(g->dz2,i,j)*E(n->W2,k,j);E(g->dp1,i,k)=s;}
  L(i,N)L(k,n->H)E(g->dz1,i,k)=E(c->z1,i,k)>0?E(g->dp1,i,k):0;

  g_w(X,g->dz1,n->W1,r,g->dW1);
  g_b(g->dz1,g->db1);

  g->present=BP_GRADS_ALL;
  return 0;
}
