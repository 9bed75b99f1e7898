#include "backprop/grads.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define A(m,i,j) (*gsl_matrix_ptr(m,i,j))
#define V(v,i) (*gsl_vector_ptr(v,i))
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g)
{
  n=X->size1,d=X->size2,h=net->H,c=net->C;
  gsl_matrix_memcpy(g->dW2,net->W2),gsl_matrix_scale(g->dW2,reg+reg);
  gsl_matrix_memcpy(g->dW1,net->W1),gsl_matrix_scale(g->dW1,reg+reg);
  gsl_vector_set_zero(g->db2),gsl_vector_set_zero(g->db1);
  F(i,0,n){ // one sample at a time
    F(j,0,c){double t=(G(cache->prob,i,j)-(j==(int)y[i]?1:0))/n;S(g->dz2,i,j,t);V(g->db2,j)+=t;F(k,0,h)A(g->dW2,k,j)+=G(cache->p1,i,k)*t;}
    F(k,0,h){double t=0;F(j,0,c)t+=G(g->dz2,i,j)*G(net->W2,k,j);S(g->dp1,i,k,t);t=G(cache->z1,i,k)>0?t:0;S(g->dz1,i,k,t);V(g->db1,k)+=t;F(a,0,d)A(g->dW1,a,k)+=G(X,i,a)*t;}
  }
  g->present=BP_GRADS_ALL;return 0;
}
