#include "backprop.h"
#include <gsl/gsl_blas.h>
#define F(i,a,b) for(int i=(a);i<(b);++i)
#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)
static int n,h;
static void cs(const gsl_matrix*m,gsl_vector*v){gsl_vector_set_zero(v);F(i,0,(int)m->size1)F(j,0,(int)m->size2)*gsl_vector_ptr(v,j)+=G(m,i,j);}
int backward(const bp_net*net,const gsl_matrix*X,const size_t*y,double reg,const bp_cache*cache,bp_grads*g){
 n=X->size1;h=net->H;
 gsl_matrix_memcpy(g->dz2,cache->prob);
 F(i,0,n)*gsl_matrix_ptr(g->dz2,i,y[i])-=1;
 gsl_matrix_scale(g->dz2,1.0/n);
 gsl_matrix_memcpy(g->dW2,net->W2);
 gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,cache->p1,g->dz2,2*reg,g->dW2);
 cs(g->dz2,g->db2);
 gsl_blas_dgemm(CblasNoTrans,CblasTrans,1,g->dz2,net->W2,0,g->dp1);
 F(i,0,n)F(k,0,h)S(g->dz1,i,k,G(cache->z1,i,k)>0?G(g->dp1,i,k):0);
 gsl_matrix_memcpy(g->dW1,net->W1);
 gsl_blas_dgemm(CblasTrans,CblasNoTrans,1,X,g->dz1,2*reg,g->dW1);
 cs(g->dz1,g->db1);
 g->present=BP_GRADS_ALL;return 0;
}
