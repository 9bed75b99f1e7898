#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define A(m,i,j) (*gsl_matrix_ptr(m,i,j))
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
  n=X->size1;d=X->size2;h=net->H;c=net->C;
  gsl_matrix *a=g->dz2,*b=g->dp1,*e=g->dz1;
  F(i,0,n)F(j,0,c)S(a,i,j,(G(cache->prob,i,j)-(j==(int)y[i]))/n);
  F(k,0,h)F(j,0,c)S(g->dW2,k,j,2*reg*G(net->W2,k,j));
  gsl_vector_set_zero(g->db2);
  F(i,0,n)F(k,0,h)F(j,0,c)A(g->dW2,k,j)+=G(cache->p1,i,k)*G(a,i,j);
  F(i,0,n)F(j,0,c)*gsl_vector_ptr(g->db2,j)+=G(a,i,j);
  F(i,0,n)F(k,0,h){double s=0;F(j,0,c)s+=G(a,i,j)*G(net->W2,k,j);S(b,i,k,s);}
  F(i,0,n)F(k,0,h)S(e,i,k,G(cache->z1,i,k)>0?G(b,i,k):0);
  gsl_matrix_set_zero(g->dW1);
  F(i,0,n)F(p,0,d)F(k,0,h)A(g->dW1,p,k)+=G(X,i,p)*G(e,i,k),A(g->dW1,p,k)+=2*reg*G(net->W1,p,k);
  gsl_vector_set_zero(g->db1);
  F(i,0,n)F(k,0,h)*gsl_vector_ptr(g->db1,k)+=G(e,i,k);
  g->present=BP_GRADS_ALL;
  return 0;
}
