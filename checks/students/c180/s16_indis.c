// Odev 2 - Backward
// Gizem Tas
//
// z1 = X W1 + b1 ; p1 = relu(z1) ; z2 = p1 W2 + b2 ; prob = softmax(z2)

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ORNEK(m, i, j) gsl_matrix_get((m), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t ornek_sayisi = X->size1;
    size_t gizli_boyut = net->H;
    size_t sinif_sayisi = net->C;
    size_t i, j;

    if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi)
        return 1;

    /* gradient of the loss wrt scores */
    for (i = 0; i < ornek_sayisi; i++) {
        for (j = 0; j < sinif_sayisi; j++) {
            double deger = ORNEK(cache->prob, i, j);
            if (j == y[i]) deger -= 1.0;
            gsl_matrix_set(g->dz2, i, j, deger / (double) ornek_sayisi);
        }
    }

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    /* db2 */
    for (j = 0; j < sinif_sayisi; j++) {
        double toplam = 0.0;
        for (i = 0; i < ornek_sayisi; i++)
            toplam += ORNEK(g->dz2, i, j);
        gsl_vector_set(g->db2, j, toplam);
    }

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 where z1 > 0 */
    for (i = 0; i < ornek_sayisi; i++) {
        gsl_vector_const_view z = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_const_view ust = gsl_matrix_const_row(g->dp1, i);
        gsl_vector_view alt = gsl_matrix_row(g->dz1, i);
        for (j = 0; j < gizli_boyut; j++) {
            double m = gsl_vector_get(&z.vector, j) > 0.0 ? 1.0 : 0.0;
            gsl_vector_set(&alt.vector, j, m * gsl_vector_get(&ust.vector, j));
        }
    }

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    /* db1 */
    for (j = 0; j < gizli_boyut; j++) {
        double toplam = 0.0;
        for (i = 1; i < ornek_sayisi; i++)
            toplam += ORNEK(g->dz1, i, j);
        gsl_vector_set(g->db1, j, toplam);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
