#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define A(m,i,j) (*gsl_matrix_ptr(m,i,j))
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
  n=X->size1,d=X->size2,h=net->H,c=net->C;
  F(i,0,n)F(j,0,c)S(g->dz2,i,j,(G(cache->prob,i,j)-(j==(int)y[i]))/n);
  F(k,0,h)F(j,0,c)S(g->dW2,k,j,2*reg*G(net->W2,k,j));
  gsl_matrix_set_zero(g->dp1);gsl_vector_set_zero(g->db2);
  // dW2 and dp1 in one go
  F(i,0,n)F(j,0,c){double t=G(g->dz2,i,j);*gsl_vector_ptr(g->db2,j)+=t;F(k,0,h)A(g->dW2,k,j)+=t*G(cache->p1,i,k),A(g->dp1,i,k)+=t*G(cache->p1,i,k);}
  F(i,0,n)F(k,0,h)S(g->dz1,i,k,G(cache->z1,i,k)>0?G(g->dp1,i,k):0);
  F(a,0,d)F(k,0,h){double s=2*reg*G(net->W1,a,k);F(i,0,n)s+=G(X,i,a)*G(g->dz1,i,k);S(g->dW1,a,k,s);}
  F(k,0,h){double s=0;F(i,0,n)s+=G(g->dz1,i,k);gsl_vector_set(g->db1,k,s);}
  g->present=BP_GRADS_ALL;
  return 0;
}
