#include "backprop.h"
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
#define A(m,i,j) (*gsl_matrix_ptr(m,i,j))
#define V(v,i) (*gsl_vector_ptr(v,i))
static int n,d,h,c;
int backward(const bp_net *net,const gsl_matrix *X,const size_t *y,double reg,const bp_cache *cache,bp_grads *g){
	n=X->size1,d=X->size2,h=net->H,c=net->C;
	gsl_matrix *dz=g->dz2,*dp=g->dp1,*du=g->dz1,*W2=net->W2,*W1=net->W1;
	F(i,0,n)F(j,0,c)S(dz,i,j,(G(cache->prob,i,j)-(j==(int)y[i]))/n);
	gsl_vector_set_zero(g->db2),gsl_vector_set_zero(g->db1);
	F(k,0,h)F(j,0,c)S(g->dW2,k,j,2*reg*G(W2,k,j));
	F(a,0,d)F(k,0,h)S(g->dW1,a,k,2*reg*G(W1,a,k));
	F(i,0,n)F(j,0,c){V(g->db2,j)+=G(dz,i,j);F(k,0,h)A(g->dW2,k,j)+=G(cache->p1,i,k)*G(dz,i,j);}
	F(i,0,n)F(k,0,h){double s=0;F(j,0,c)s+=G(dz,i,j)*G(W2,k,j);S(dp,i,k,s);S(du,i,k,G(cache->z1,i,k)>0?s:0);}
	F(i,1,n)F(a,0,d)F(k,0,h)A(g->dW1,a,k)+=G(X,i,a)*G(du,i,k);
	F(i,0,n)F(k,0,h)V(g->db1,k)+=G(du,i,k);
	g->present=BP_GRADS_ALL;return 0;
}
