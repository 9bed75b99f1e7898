/* backward for the 2-layer net (n,d,h,k as in class)
   G  : dL/dZ2  (n,k)
   Gh : dL/dA   (n,h)
   Gz : dL/dZ1  (n,h)
   biases: sum over the batch (rows). */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t n = X->size1, h = net->H, i, j;
	gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
	gsl_matrix_view B1, B2;
	gsl_vector *e = gsl_vector_alloc(n);

	gsl_vector_set_all(e, 1.0);

	gsl_matrix_memcpy(G, cache->prob);
	for (i = 0; i < n; i++)
		*gsl_matrix_ptr(G, i, y[i]) -= 1.0;
	gsl_matrix_scale(G, 1.0/n);

	/* 1'G etc. as (1,n)(n,.) products */
	B2 = gsl_matrix_view_vector(g->db2, 1, net->C);
	{
		gsl_matrix_view E = gsl_matrix_view_vector(e, 1, n);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &E.matrix, G, 0.0, &B2.matrix);
	}
	gsl_matrix_memcpy(g->dW2, net->W2);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2*reg, g->dW2);

	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

	for (i = 0; i < n; i++)
		for (j = 0; j < h; j++)
			gsl_matrix_set(Gz, i, j, (gsl_matrix_get(cache->z1, i, j) > 0) * gsl_matrix_get(Gh, i, j));

	gsl_matrix_memcpy(g->dW1, net->W1);
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, Gz, 2*reg, g->dW1);

	B1 = gsl_matrix_view_vector(g->db1, 1, h);
	{
		gsl_matrix_view E = gsl_matrix_view_vector(e, 1, n);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &E.matrix, Gh, 0.0, &B1.matrix);
	}

	gsl_vector_free(e);
	g->present = BP_GRADS_ALL;
	return 0;
}
