#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g){
  n=X->size1;d=X->size2;h=net->H;c=net->C;
  gsl_matrix *P=cache->prob,*p=cache->p1,*z=cache->z1,*W1=net->W1,*W2=net->W2;
  F(i,0,n)F(j,0,c)S(g->dz2,i,j,(G(P,i,j)-(j==(int)y[i]))/n);
  F(k,0,h)F(j,0,c){double s=2*reg*G(W2,k,j);F(i,0,n)s+=G(p,i,k)*G(g->dz2,i,j);S(g->dW2,k,j,s);}
  F(j,0,c){double s=0;F(i,0,n)s+=G(g->dz2,i,j);gsl_vector_set(g->db2,j,s);}
  F(i,0,n)F(k,0,h){double s=0;F(j,0,c)s+=G(g->dz2,i,j)*G(W2,k,j);S(g->dp1,i,k,s);}
  F(i,0,n)F(k,0,h)S(g->dz1,i,k,G(z,i,k)>0?G(g->dp1,i,k):0);
  F(a,0,d)F(k,0,h){double s=2*reg*G(W1,a,k);F(i,0,n)s+=G(X,i,a)*G(g->dz1,i,k);S(g->dW1,a,k,s);}
  F(k,0,h){double s=0;F(i,0,n)s+=G(g->dz1,i,k);gsl_vector_set(g->db1,k,s);}
  g->present=BP_GRADS_ALL;return 0;
}
