/*
 * backward.c  (problem set 5, neural nets)
 *
 * per-sample backprop, outer products written out by hand in outer_add().
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* A += u v^T */
static void outer_add(gsl_matrix *A, const gsl_vector *u, const gsl_vector *v)
{
    size_t a, b;
    for (a = 0; a < u->size; a++)
    {
        double ua = gsl_vector_get(u, a);
        for (b = 0; b < v->size; b++)
            gsl_matrix_set(A, a, b, gsl_matrix_get(A, a, b) + ua * gsl_vector_get(v, b));
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t nSamp = X->size1, nHid = net->H, nOut = net->C;
    size_t s, k, j;

    if (nSamp != cache->N || X->size2 != net->D || g->N != nSamp)
        return 1;

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (s = 0; s < nSamp; s++)
    {
        gsl_vector_view delta = gsl_matrix_row(g->dz2, s);
        gsl_vector_view dhid  = gsl_matrix_row(g->dp1, s);
        gsl_vector_view dpre  = gsl_matrix_row(g->dz1, s);
        gsl_vector_const_view h = gsl_matrix_const_row(cache->p1, s);
        gsl_vector_const_view x = gsl_matrix_const_row(X, s);

        /* error signal of the output layer, averaged over the batch */
        for (k = 0; k < nOut; k++)
        {
            double t = (k == y[s]) ? 1.0 : 0.0;
            gsl_vector_set(&delta.vector, k,
                           (gsl_matrix_get(cache->prob, s, k) - t) / nSamp);
        }
        /* normalise by the batch size (loss is the mean) */
        gsl_vector_scale(&delta.vector, 1.0 / nSamp);

        outer_add(g->dW2, &h.vector, &delta.vector);
        gsl_vector_add(g->db2, &delta.vector);

        /* dp1 = W2 delta */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &delta.vector, 0.0, &dhid.vector);

        for (j = 0; j < nHid; j++)
        {
            if (gsl_matrix_get(cache->z1, s, j) > 0.0)
                gsl_vector_set(&dpre.vector, j, gsl_vector_get(&dhid.vector, j));
            else
                gsl_vector_set(&dpre.vector, j, 0.0);
        }

        outer_add(g->dW1, &x.vector, &dpre.vector);
        gsl_vector_add(g->db1, &dpre.vector);
    }

    /* weight decay */
    {
        gsl_matrix *tmp = gsl_matrix_alloc(nHid, nOut);
        gsl_matrix_memcpy(tmp, net->W2);
        gsl_matrix_scale(tmp, 2.0 * reg);
        gsl_matrix_add(g->dW2, tmp);
        gsl_matrix_free(tmp);

        tmp = gsl_matrix_alloc(net->D, nHid);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2.0 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
