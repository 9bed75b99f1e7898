#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g){
  n=X->size1,d=X->size2,h=net->H,c=net->C;
  gsl_matrix *w=net->W2,*W=g->dW2,*v=net->W1,*V=g->dW1,*e=g->dz2,*q=g->dp1,*r=g->dz1;
  F(i,0,n)F(j,0,c)S(e,i,j,(G(cache->prob,i,j)-(j==(int)y[i]))/n);
  F(k,0,h)F(j,0,c){double s=2*reg*G(w,k,j);F(i,0,n)s+=G(cache->p1,i,k)*G(e,i,j);S(W,k,j,s);}
  F(j,0,c){double s=0;F(i,0,n)s+=G(e,i,j);gsl_vector_set(g->db2,j,s);}
  F(i,0,n)F(k,0,h){double s=0;F(j,0,c)s+=G(e,i,j)*G(W,k,j);S(q,i,k,s);}
  F(i,0,n)F(k,0,h)S(r,i,k,G(cache->z1,i,k)>0?G(q,i,k):0);
  F(a,0,d)F(k,0,h){double s=2*reg*G(v,a,k);F(i,0,n)s+=G(X,i,a)*G(r,i,k);S(V,a,k,s);}
  F(k,0,h){double s=0;F(i,0,n)s+=G(r,i,k);gsl_vector_set(g->db1,k,s);}
  g->present=BP_GRADS_ALL;return 0;
}
